/**
 * venus declares some of its functions (`Notification`, `cbModal`) as `any`, and its runtime build lacks some names
 * its declarations promise: each is checked where we meet it and given the signature we call it with.
 */
function isFunction<F>(value: unknown): value is F {
  return typeof value === 'function';
}

export function venusFunction<F>(value: unknown, name: string): F {
  if (!isFunction<F>(value)) throw new Error(`venus-components has no ${name} in its runtime build`);
  return value;
}
