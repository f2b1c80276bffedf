import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

const SECRET_FIELDS = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'client_secret',
  'app_token',
  'session_token',
  'authtoken',
  'authorization',
  'password',
  'secret',
  'token',
] as const;

function capture(): { lines: string[]; destination: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('logger', () => {
  it.each(SECRET_FIELDS)('redacts %s at the top level and one level down', (field) => {
    const { lines, destination } = capture();
    const log = createLogger({ LOG_LEVEL: 'info' }, 'test', destination);
    log.info({ [field]: 'SECRET-TOP', nested: { [field]: 'SECRET-NESTED' }, stackApiKey: 'blt_visible' }, 'call');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('SECRET-');
    expect(lines[0]).toContain('blt_visible');
  });

  it('redacts an OAuth code at the top level (one level down, `code` is an error code worth keeping)', () => {
    const { lines, destination } = capture();
    createLogger({ LOG_LEVEL: 'info' }, 'test', destination).info({ code: 'SECRET-CODE', err: { code: 'ECONNRESET' } });
    expect(lines[0]).not.toContain('SECRET-');
    expect(lines[0]).toContain('ECONNRESET');
  });
});
