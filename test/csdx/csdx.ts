/**
 * Runs the real `csdx` (@contentstack/cli, installed in this workspace) against an in-process sandbox over
 * HTTPS, as a user would, but hermetic:
 * - its config lives in a fresh directory (CS_CLI_CONFIG_PATH, plain JSON through ENCRYPT_CONF=false) with a
 *   temp HOME / XDG_CONFIG_HOME, so nothing of the machine's own csdx setup is read or changed;
 * - its prerun hook asks registry.npmjs.org for a newer CLI unless its cache says it looked recently: the
 *   config is seeded with a fresh cache (the hook honours no env switch), so no call leaves the machine;
 * - it trusts the sandbox's self-signed certificate through NODE_EXTRA_CA_CERTS, and resolves
 *   `sandbox.localhost` through the sandbox's preload (glibc does not resolve `*.localhost` by itself);
 * - no TTY: every command gets all its flags, stdin is closed, and a prompt shows up as a timeout.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_SEED, type RunningSandbox } from '@pb/sandbox';
import { runToEnd, type Finished } from '../support/processes';

const require = createRequire(import.meta.url);
const CLI_PACKAGE = require.resolve('@contentstack/cli/package.json');
const CLI_BIN = join(dirname(CLI_PACKAGE), 'bin', 'run.js');
const CLI_VERSION = (require('@contentstack/cli/package.json') as { version: string }).version;
const RESOLVER = fileURLToPath(new URL('../../sandbox/src/tls/localhost-resolver.cjs', import.meta.url));

/** `output` is stdout + stderr, for assertions and failure messages. */
export type CsdxResult = Finished;

export interface Csdx {
  /** The temp directory holding HOME, the CLI config and anything the test writes (export folders…). */
  dir: string;
  /** Runs `csdx <args>`; never throws on a non-zero exit (the result says it). */
  run(args: string[], options?: { timeoutMs?: number }): Promise<CsdxResult>;
  /** `config:set:region` pointing every host at the sandbox; throws unless the CLI accepted it. */
  setRegion(): Promise<void>;
  /** `auth:login` as the seeded demo user (Personalize is exported only for a login); throws unless it succeeded. */
  logInAsDemoUser(): Promise<void>;
  /** Removes the temp directory. */
  dispose(): void;
}

export const csdxFor = (sandbox: RunningSandbox): Csdx => {
  const https = sandbox.https;
  if (https === undefined) throw new Error('csdx needs the sandbox started with httpsPort');
  const dir = mkdtempSync(join(tmpdir(), 'pb-csdx-'));
  const home = join(dir, 'home');
  const configDir = join(dir, 'config');
  mkdirSync(home, { recursive: true });
  mkdirSync(configDir, { recursive: true });
  const today = new Date().toISOString().split('T')[0] ?? '';
  writeFileSync(
    join(configDir, 'contentstack_cli.json'),
    JSON.stringify({
      isOldConfigBackup: true,
      CLI_VERSION,
      versionUpgradeWarningCache: { lastChecked: Date.now(), lastWarnedDate: today, latestVersion: CLI_VERSION },
    }),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    CS_CLI_CONFIG_PATH: configDir,
    ENCRYPT_CONF: 'false',
    NODE_EXTRA_CA_CERTS: https.certPath,
    NODE_OPTIONS: `--require ${RESOLVER}`,
    NODE_ENV: 'test',
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };

  // A hermetic run: this environment only, nothing of the machine's own (no inherited HOME or csdx config).
  const run = (args: string[], options: { timeoutMs?: number } = {}): Promise<CsdxResult> =>
    runToEnd(process.execPath, [CLI_BIN, ...args], {
      cwd: dir,
      env,
      inheritEnv: false,
      timeoutMs: options.timeoutMs ?? 60_000,
    });

  return {
    dir,
    run,
    async setRegion() {
      const result = await run([
        'config:set:region',
        '--cma',
        https.url,
        '--cda',
        `${https.url}/cdn`,
        '--ui-host',
        https.url,
        '--personalize',
        `${https.url}/personalize`,
        '--developer-hub',
        `${https.url}/developerhub`,
        '--launch',
        `${https.url}/launch`,
        '--name',
        'sandbox',
      ]);
      if (result.code !== 0 || !result.output.includes('Custom region has been set to sandbox')) {
        throw new Error(`csdx config:set:region failed:\n${result.output}`);
      }
    },
    async logInAsDemoUser() {
      const result = await run([
        'auth:login',
        '--username',
        SANDBOX_SEED.userEmail,
        '--password',
        SANDBOX_SEED.userPassword,
      ]);
      if (!result.output.includes('Successfully logged in'))
        throw new Error(`csdx auth:login failed:\n${result.output}`);
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
