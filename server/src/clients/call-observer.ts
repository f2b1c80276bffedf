/** Told about every external call (metrics): which service, method, status (undefined: no response) and duration. */
export type CallObserver = (call: { service: string; method: string; status: number | undefined; ms: number }) => void;
