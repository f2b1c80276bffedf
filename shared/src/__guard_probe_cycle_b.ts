import { a } from './__guard_probe_cycle_a';
export const b = (): number => (a.length > 9 ? 0 : 1);
