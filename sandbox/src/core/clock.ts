import type { Clock } from './contracts';

/**
 * Real wall-clock time. `timeScale` only shortens *delays* (webhook retries, hang durations);
 * timestamps stay real so clients that compare them never see time run backwards or jump.
 */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
