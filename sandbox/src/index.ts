export { startSandbox } from './server';
export type { RunningSandbox, SandboxHttps, SandboxOptions } from './server';
export { SEED as SANDBOX_SEED } from './seed/cms-ids';
