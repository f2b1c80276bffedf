// The one way the testing helpers call the sandbox's loopback admin API: JSON in, JSON out, a refusal thrown with
// what the sandbox said (so a failed setup step names itself instead of surfacing later as a confusing assertion).
import type { z } from 'zod';

export async function adminCall<S extends z.ZodType>(
  sandboxUrl: string,
  method: string,
  path: string,
  schema: S,
  body?: unknown,
): Promise<{ status: number; body: z.infer<S> }> {
  const response = await fetch(`${sandboxUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the sandbox answered ${response.status} to ${method} ${path}: ${text}`);
  return { status: response.status, body: schema.parse(text === '' ? null : JSON.parse(text)) };
}
