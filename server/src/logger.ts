import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

/**
 * JSON logs. Secrets never reach a log line: known credential fields are redacted wherever they appear, and callers
 * log identifiers (experience uid, job id, reason), never request or response bodies.
 */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL'>,
  name: string,
  /** Where lines go; stdout unless a test captures them. */
  destination?: DestinationStream,
): Logger {
  const options = {
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
        // OAuth and app-session material (install/, ui-api/).
        'accessToken',
        'refreshToken',
        'access_token',
        'refresh_token',
        'client_secret',
        'app_token',
        'session_token',
        'code',
        '*.accessToken',
        '*.refreshToken',
        '*.access_token',
        '*.refresh_token',
        '*.client_secret',
        '*.app_token',
        '*.session_token',
        'headers.authorization',
        'headers.authtoken',
        'body',
        'payload',
      ],
      censor: '[redacted]',
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export type { Logger };
