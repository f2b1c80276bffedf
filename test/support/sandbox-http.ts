// Plain JSON calls to the sandbox (its admin API under /_sandbox, or any URL it hands out), for steps a test makes
// itself. Two shapes: `sandboxJson` hands back the status for the test to judge; `sandboxPost` is for setup steps,
// which must succeed.

export async function sandboxJson<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

export async function sandboxPost(base: string, path: string, body: unknown, method = 'POST'): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text === '' ? null : (JSON.parse(text) as unknown);
}
