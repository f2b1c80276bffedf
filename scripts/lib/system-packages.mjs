// Debian packages the app or its tests need (redis-server, chromium). Installed with apt-get only on
// Debian as root; elsewhere we explain what to do instead of guessing a package manager.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { say } from './log.mjs';
import { run } from './run.mjs';

export function which(binary) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/local/bin']) {
    const candidate = join(dir, binary);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export const canUseApt = () =>
  existsSync('/etc/debian_version') &&
  typeof process.getuid === 'function' &&
  process.getuid() === 0 &&
  !!which('apt-get');

let aptUpdated = false;

/** Installs Debian packages; resolves true on success. */
export async function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    say('apt-get update…');
    if ((await run('apt-get', ['update', '-qq'], { env })) !== 0) return false;
    aptUpdated = true;
  }
  say(`apt-get install ${packages.join(' ')}…`);
  return (await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env })) === 0;
}

/** Debian's Chromium for the browser tests (no browser download works here: playwright-core drives this one). */
export async function ensureChromium() {
  let binary = which('chromium');
  if (!binary && canUseApt()) {
    say('chromium is not installed: installing Debian package chromium (for the browser tests)');
    if (await aptInstall(['chromium'])) binary = which('chromium');
  }
  if (!binary) {
    say('No chromium found. Install it (Debian/Ubuntu: `apt-get install chromium`) and run the command again.');
    process.exit(1);
  }
  return binary;
}

/** The `openssl` binary: the sandbox makes its self-signed HTTPS certificate (for the csdx CLI) with it. */
export async function ensureOpenssl() {
  if (which('openssl')) return;
  if (canUseApt()) {
    say(
      'openssl is not installed: installing Debian package openssl (the sandbox makes its HTTPS certificate with it)',
    );
    if ((await aptInstall(['openssl'])) && which('openssl')) return;
  }
  say('No openssl found. Install it (Debian/Ubuntu: `apt-get install openssl`), or set SANDBOX_HTTPS_PORT=off.');
  process.exit(1);
}
