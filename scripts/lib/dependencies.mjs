// Installs npm dependencies when they are missing or stale. "Stale" means the lockfile or any
// workspace manifest changed since the last successful install (a stamp inside node_modules).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { say, fail } from './log.mjs';
import { run } from './run.mjs';

const manifests = (root) => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return ['package.json', 'package-lock.json', ...pkg.workspaces.map((w) => `${w}/package.json`)];
};

function fingerprint(root) {
  const hash = createHash('sha256');
  for (const file of manifests(root)) {
    const path = join(root, file);
    hash.update(file);
    hash.update(existsSync(path) ? readFileSync(path) : 'absent');
  }
  return hash.digest('hex');
}

export async function ensureDependencies(root) {
  const stamp = join(root, 'node_modules', '.personalize-bridge-install');
  const want = fingerprint(root);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  const hasLock = existsSync(join(root, 'package-lock.json'));
  say(hasLock ? 'installing npm dependencies (npm ci)…' : 'installing npm dependencies (npm install)…');
  const code = await run('npm', hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'], {
    cwd: root,
  });
  if (code !== 0) fail(`npm ${hasLock ? 'ci' : 'install'} failed with exit code ${code}`);
  writeFileSync(stamp, fingerprint(root));
}
