// Where the demo runs: the URLs and the stack `npm start` wrote to <repo>/.run/start.json once everything was up,
// overridden by DEMO_SERVER_URL / DEMO_SANDBOX_URL / DEMO_STACK_API_KEY. The stack is the seeded one unless
// `npm start` ran on an imported stack (SANDBOX_STACK). A missing file or a server that does not answer /healthz is a plain "start it
// first", never a stack trace.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { serverIsHealthy } from './bridge';

export const NOT_RUNNING = 'Run `npm start` first (in another terminal)';

const runFileSchema = z.looseObject({
  server: z.url(),
  sandbox: z.url(),
  ui: z.url().optional(),
  devHost: z.url().optional(),
  stackApiKey: z.string().min(1).optional(),
});

export interface DemoUrls {
  server: string;
  sandbox: string;
  ui?: string;
  devHost?: string;
  /** The stack the app was installed on; absent: the sandbox's seeded stack. */
  stackApiKey?: string;
}

export type Resolved = { ok: true; urls: DemoUrls } | { ok: false; reason: string };

const trim = (url: string) => url.replace(/\/+$/, '');

export async function resolveTarget(runFile: string, env: Record<string, string | undefined>): Promise<Resolved> {
  let fromFile: z.infer<typeof runFileSchema> | undefined;
  try {
    const parsed = runFileSchema.safeParse(JSON.parse(await readFile(runFile, 'utf8')) as unknown);
    if (parsed.success) fromFile = parsed.data;
  } catch {
    // No file (or not JSON): only the environment can say where the stack is.
  }
  const server = env['DEMO_SERVER_URL'] ?? fromFile?.server;
  const sandbox = env['DEMO_SANDBOX_URL'] ?? fromFile?.sandbox;
  const stackApiKey = env['DEMO_STACK_API_KEY'] ?? fromFile?.stackApiKey;
  if (server === undefined || sandbox === undefined) {
    return { ok: false, reason: `${NOT_RUNNING}: no ${runFile} and no DEMO_SERVER_URL / DEMO_SANDBOX_URL.` };
  }
  if (!(await serverIsHealthy(trim(server)))) {
    return { ok: false, reason: `${NOT_RUNNING}: the server at ${trim(server)} does not answer /healthz.` };
  }
  return {
    ok: true,
    urls: {
      server: trim(server),
      sandbox: trim(sandbox),
      ...(fromFile?.ui === undefined ? {} : { ui: fromFile.ui }),
      ...(fromFile?.devHost === undefined ? {} : { devHost: fromFile.devHost }),
      ...(stackApiKey === undefined ? {} : { stackApiKey }),
    },
  };
}
