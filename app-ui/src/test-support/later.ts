/** Fakes answer on a later microtask, like a real port: components must cope with the gap. */
export const later = (): Promise<void> => Promise.resolve();
