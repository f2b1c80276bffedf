// The server's public entry points: the two processes' composition roots and what starting them needs. Tests and
// benchmarks reach further in through the package's other curated exports (package.json), never through a wildcard.
export { loadConfig, type Config } from './config';
export { createLogger } from './logger';
export { startAppServer, type AppServer } from './composition/app-server';
export { startHttpRuntime, type HttpRuntime } from './composition/http-runtime';
export { startWorkerRuntime, type WorkerRuntime } from './composition/worker-process';
