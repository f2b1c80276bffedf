/**
 * The HTTPS listener's certificate: self-signed, made once per directory and reused after, so a client
 * told to trust it (`NODE_EXTRA_CA_CERTS=<cert.pem>`) keeps trusting it across restarts. No certificate
 * library is installed, so the `openssl` binary makes it; the certificate is its own CA (basicConstraints
 * CA:TRUE), which is what Node's trust store needs to accept it as an anchor.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The host name clients use. The management SDK under `csdx` refuses IP addresses and any host that starts
 * with `localhost`, but RFC 6761 reserves every `*.localhost` name for loopback, so `sandbox.localhost` is
 * both accepted and never a real machine. glibc does not resolve it by itself: see `localhost-resolver.cjs`.
 */
export const SANDBOX_TLS_HOST = 'sandbox.localhost';

export interface SandboxCertificate {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

export const ensureCertificate = (dir: string): SandboxCertificate => {
  const certPath = join(dir, 'sandbox-cert.pem');
  const keyPath = join(dir, 'sandbox-key.pem');
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        '/CN=Contentstack sandbox',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-addext',
        `subjectAltName=DNS:${SANDBOX_TLS_HOST},DNS:localhost,IP:127.0.0.1`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ],
      { stdio: 'ignore' },
    );
  }
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
};
