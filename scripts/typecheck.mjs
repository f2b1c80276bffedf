// Type-checks every workspace with its own tsconfig (the UI has DOM types, shared/ has no Node types).
import { run } from './lib/run.mjs';

const projects = [
  'tsconfig.json',
  'shared',
  'shared/src/edge-runtime/worker',
  'sandbox',
  'server',
  'app-ui',
  'test',
  'bench',
];
let failed = false;
for (const project of projects) {
  const code = await run('npx', ['tsc', '-p', project, '--noEmit'], { cwd: new URL('..', import.meta.url).pathname });
  if (code !== 0) {
    failed = true;
    process.stderr.write(`typecheck: ${project} failed\n`);
  }
}
process.exit(failed ? 1 : 0);
