import { z } from 'zod';

/**
 * The server's whole configuration, parsed once at boot. Nothing else reads `process.env`:
 * a missing or malformed variable fails start-up with the variable's name.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}
