import { pino, type Logger } from 'pino';
import type { Config } from './config';

/**
 * JSON logs. Secrets never reach a log line: known credential fields are redacted wherever they appear, and callers
 * log identifiers (experience uid, job id, reason), never request or response bodies.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        'authtoken',
        'authorization',
        'password',
        'secret',
        'token',
        '*.authtoken',
        '*.authorization',
        '*.password',
        '*.secret',
        '*.token',
        'headers.authorization',
        'headers.authtoken',
        'body',
        'payload',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
