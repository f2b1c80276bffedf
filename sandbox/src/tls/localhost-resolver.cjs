/*
 * Preload for Node clients of the sandbox (`NODE_OPTIONS="--require <this file>"`): resolves every
 * `*.localhost` name to 127.0.0.1, as RFC 6761 reserves them, for machines whose resolver does not
 * (glibc without nss-myhostname). Lets `csdx` reach https://sandbox.localhost:<port> without editing
 * /etc/hosts. Other names go to the system resolver unchanged.
 */
'use strict';
const dns = require('node:dns');

const isLocal = (hostname) => typeof hostname === 'string' && hostname.toLowerCase().endsWith('.localhost');
const original = dns.lookup;

dns.lookup = function lookup(hostname, options, callback) {
  if (!isLocal(hostname)) return original.apply(this, arguments);
  const cb = typeof options === 'function' ? options : callback;
  const all = typeof options === 'object' && options !== null && options.all === true;
  if (all) process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }]);
  else process.nextTick(cb, null, '127.0.0.1', 4);
  return {};
};

const originalPromise = dns.promises.lookup;
dns.promises.lookup = function lookup(hostname, options) {
  if (!isLocal(hostname)) return originalPromise.apply(this, arguments);
  const all = typeof options === 'object' && options !== null && options.all === true;
  return Promise.resolve(all ? [{ address: '127.0.0.1', family: 4 }] : { address: '127.0.0.1', family: 4 });
};
