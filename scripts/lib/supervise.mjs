// Starts the app's processes, waits until each answers its health URL, prefixes their output, and
// stops every one of them (in reverse order) on Ctrl-C / SIGTERM or when any of them dies.
import { spawn } from 'node:child_process';
import { say } from './log.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  return false;
}

function pipePrefixed(stream, name, out) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}

export class Supervisor {
  #children = [];
  #stopping = false;
  #cleanups = [];

  onStop(fn) {
    this.#cleanups.push(fn);
  }

  /** @param {{name: string, command: string, args: string[], env?: object, healthUrl?: string, timeoutMs?: number}} spec */
  async start(spec) {
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipePrefixed(child.stdout, spec.name, process.stdout);
    pipePrefixed(child.stderr, spec.name, process.stderr);
    this.#children.push({ name: spec.name, child });
    child.on('exit', (code, signal) => {
      if (this.#stopping) return;
      say(`${spec.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
      void this.stop(1);
    });
    if (spec.healthUrl && !(await waitHealthy(spec.healthUrl, child, spec.timeoutMs ?? 60_000))) {
      say(`${spec.name} did not become healthy at ${spec.healthUrl}`);
      await this.stop(1);
    }
    return child;
  }

  async stop(exitCode = 0) {
    if (this.#stopping) return;
    this.#stopping = true;
    for (const { child } of [...this.#children].reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const gone = new Promise((r) => child.once('exit', r));
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(timer);
      }
    }
    for (const fn of this.#cleanups.reverse()) await fn();
    process.exit(exitCode);
  }

  handleSignals() {
    for (const sig of ['SIGINT', 'SIGTERM']) {
      process.on(sig, () => {
        say(`${sig}: stopping`);
        void this.stop(0);
      });
    }
  }
}
