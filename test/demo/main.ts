// `npm run demo`: walks the story (story.ts) against the stack `npm start` runs and prints each step's outcome in
// plain words, numbered, then where to look at it in the app. Exits 1 naming the step that failed and why.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchCredentials } from './contentstack';
import { createStory, runStory } from './story';
import { NOT_RUNNING, resolveTarget } from './target';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const target = await resolveTarget(join(root, '.run', 'start.json'), process.env);
  if (!target.ok) {
    process.stderr.write(`${target.reason}\n`);
    return 1;
  }
  const { urls } = target;
  let credentials;
  try {
    credentials = await fetchCredentials(urls.sandbox, urls.stackApiKey);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    // No credentials route: not our sandbox (start it). A route but no such stack: the run file names a stack the
    // sandbox does not hold (a restart without its SANDBOX_STATE_FILE); say which.
    process.stderr.write(`${NOT_RUNNING}: the sandbox at ${urls.sandbox} gave no credentials for the demo (${why}).\n`);
    return 1;
  }
  const runId = process.env['DEMO_RUN_ID'] ?? randomBytes(3).toString('hex');
  out(
    `personalize-bridge demo, run ${runId}: server ${urls.server}, sandbox ${urls.sandbox}, stack ${credentials.api_key}`,
  );
  out();
  const story = createStory({ serverUrl: urls.server, sandboxUrl: urls.sandbox, credentials, runId });
  const outcome = await runStory(story, (index, _step, result) => {
    out(`${index}. ${result.summary}`);
    for (const line of result.details) out(`   ${line}`);
  });
  out();
  if (!outcome.ok) {
    process.stderr.write(`Step ${outcome.step} (${outcome.name}) failed: ${outcome.reason}\n`);
    return 1;
  }
  out(`Done: all ${story.steps.length} steps completed.`);
  if (urls.devHost !== undefined) {
    out(`See it in the app: ${urls.devHost} (the dev host plays the CMS around the app UI; open the full-page app).`);
  }
  if (urls.ui !== undefined) out(`The app UI alone: ${urls.ui}`);
  return 0;
}

// Exit explicitly: the SDK's keep-alive connections would otherwise hold the process open for a while.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The demo stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
