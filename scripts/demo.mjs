// `npm run demo`: walks the whole story against the stack `npm start` runs (test/demo/main.ts prints each step).
// It installs nothing: `npm start` does, and an install here could replace node_modules under the running stack.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(root, 'node_modules', 'tsx')) || !existsSync(join(root, 'node_modules', '@contentstack'))) {
  process.stderr.write('Run `npm start` first (in another terminal): it installs the dependencies the demo needs.\n');
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'demo', 'main.ts')], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 130)));
