// Runs a bench's server under test in a child process of its own, so that what is measured is the server: the load
// generator (autocannon, in the bench's process) gets the other core instead of sharing one event loop with the
// server it loads. The child announces its listening URLs once with process.send; `stop` ends it.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildServer<Urls> {
  urls: Urls;
  /**
   * The child's CPU time so far (user + system, µs). Its difference over a load divided by the requests served is the
   * server's CPU per request: unlike a rate, it does not move when the generator or a neighbour takes the other core.
   */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const isCpuAnswer = (message: unknown): message is { cpuMicros: number } =>
  typeof message === 'object' && message !== null && typeof (message as { cpuMicros?: unknown }).cpuMicros === 'number';

/** The child's side of `cpuMicros`: call once in every bench server module. */
export function answerCpuQueries(): void {
  process.on('message', (message) => {
    if (message !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  });
}

export async function startChildServer<Urls>(
  moduleUrl: URL,
  env: Record<string, string>,
  isUrls: (message: unknown) => message is Urls,
): Promise<ChildServer<Urls>> {
  const child = fork(fileURLToPath(moduleUrl), [], {
    // BENCH_PROFILE_DIR=<dir> writes the server's CPU profile there when it stops (to see where its time goes).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const urls = await new Promise<Urls>((resolve, reject) => {
    child.once('message', (message) =>
      isUrls(message) ? resolve(message) : reject(new Error(`bench server said ${JSON.stringify(message)}`)),
    );
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before listening`)));
  });
  return {
    urls,
    cpuMicros: () =>
      new Promise<number>((resolve, reject) => {
        const onMessage = (message: unknown) => {
          if (!isCpuAnswer(message)) return;
          child.off('message', onMessage);
          resolve(message.cpuMicros);
        };
        child.on('message', onMessage);
        if (!child.send('cpu')) reject(new Error('bench server gone'));
      }),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
