/**
 * `npm run sandbox:import -- <csdx export folder> [--url <running sandbox>]`: a `csdx cm:stacks:export` folder
 * becomes a new sandbox stack (content types, entries and their locales, entry variants, publish state, the
 * Personalize project with its attributes, audiences, events and experiences).
 *
 * Without `--url` the sandbox is started in this process on the state file (SANDBOX_STATE_FILE, default
 * `.run/sandbox.json`), the stack is added, and the file is saved: a sandbox started later on that file
 * (`SANDBOX_STATE_FILE=.run/sandbox.json npm start`) has it. With `--url` the stack goes into that running sandbox
 * through the same admin route (`POST /_sandbox/stacks/import`), and lives as long as that sandbox's state.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readExportFolder } from './import/index';
import { startSandbox } from './server';

const args = process.argv.slice(2);
const urlAt = args.indexOf('--url');
const url = urlAt >= 0 ? args[urlAt + 1] : undefined;
const folder = args.find((a, i) => !a.startsWith('--') && (urlAt < 0 || i !== urlAt + 1));
if (folder === undefined || (urlAt >= 0 && url === undefined)) {
  process.stderr.write('usage: npm run sandbox:import -- <csdx export folder> [--url http://127.0.0.1:4100]\n');
  process.exit(2);
}

const exported = readExportFolder(resolve(folder));
const stateFile = resolve(process.env['SANDBOX_STATE_FILE'] ?? '.run/sandbox.json');
let close = (): Promise<void> => Promise.resolve();
let base = url;
if (base === undefined) {
  mkdirSync(dirname(stateFile), { recursive: true });
  const sandbox = await startSandbox({ port: 0, stateFile });
  base = sandbox.url;
  close = () => sandbox.close();
}
try {
  const response = await fetch(`${base}/_sandbox/stacks/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(exported),
  });
  const answer: unknown = await response.json();
  if (response.status !== 201) {
    process.stderr.write(`the sandbox refused the import (${response.status}): ${JSON.stringify(answer)}\n`);
    process.exitCode = 1;
  } else {
    const { stack, report } = answer as { stack: { api_key: string }; report: { skipped: string[] } };
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    process.stdout.write(
      url === undefined
        ? `\nimported as stack ${stack.api_key} into ${stateFile}\n` +
            `run the app on it: SANDBOX_STATE_FILE=${stateFile} SANDBOX_STACK=${stack.api_key} npm start\n`
        : `\nimported as stack ${stack.api_key} into the sandbox at ${url}\n`,
    );
    if (report.skipped.length > 0)
      process.stdout.write(`not imported: ${report.skipped.length} item(s), listed above\n`);
  }
} finally {
  await close();
}
