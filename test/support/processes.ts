// The repository's own commands as child processes, run the way a user types them (`npm start`, `npm run demo`…),
// from the repository root with the test's environment on top of this process's.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What `npm start` (scripts/start.mjs) prints once every process answers its health check. */
export const READY_LINE_PREFIX = 'personalize-bridge ready';

export interface Started {
  child: ChildProcess;
  /** The ready line: `personalize-bridge ready server=… sandbox=… redis=…`. */
  readyLine: string;
}

/**
 * Starts a long-running command and waits for its ready line on stdout; fails with everything it printed when it
 * exits first or takes longer than `timeoutMs`. `detached`: in its own process group, for commands (npm) whose
 * children must be stopped with the group. `spawned` sees the child before the wait, so a test's cleanup can stop it
 * even when it never gets ready.
 */
export async function startUntilReady(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number; detached?: boolean; spawned: (child: ChildProcess) => void },
): Promise<Started> {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  options.spawned(child);
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const readyLine = await new Promise<string>((resolve, reject) => {
    const seconds = Math.round(options.timeoutMs / 1000);
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${seconds} s; output:\n${output}`)),
      options.timeoutMs,
    );
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString('utf8');
      const line = output.split('\n').find((l) => l.startsWith(READY_LINE_PREFIX));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${[command, ...args].join(' ')} exited with ${code} before it was ready; output:\n${output}`));
    });
  });
  return { child, readyLine };
}

export interface Finished {
  /** The exit code; null when a signal (the timeout's SIGKILL) ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for assertions and failure messages. */
  output: string;
}

/**
 * Runs a command to its end and hands back what it printed; never throws on a non-zero exit (the result says it).
 * `env` is laid over this process's environment unless `inheritEnv` is false (a hermetic CLI run). A command still
 * running after `timeoutMs` is killed.
 */
export function runToEnd(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; inheritEnv?: boolean; timeoutMs?: number },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.inheritEnv === false ? options.env : { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

/** A URL the ready line names (`server=http://…`). */
export function urlOf(readyLine: string, name: string): string {
  const match = new RegExp(`${name}=(\\S+)`).exec(readyLine);
  if (match?.[1] === undefined) throw new Error(`ready line names no ${name} URL: ${readyLine}`);
  return match[1];
}
