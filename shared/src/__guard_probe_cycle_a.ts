import { b } from './__guard_probe_cycle_b';
export const a = (): number => b() + 1;
