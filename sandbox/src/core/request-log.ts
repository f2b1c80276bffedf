import type { RateKind } from './contracts';

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** When the request arrived, ms since the epoch. */
  at: number;
  org?: string;
  kind?: RateKind;
}

const LIMIT = 20_000;

/** What tests count: every request to a module (429s and injected faults included), admin calls excluded. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > LIMIT) this.entries.splice(0, this.entries.length - LIMIT);
  }

  since(ms: number | undefined): LoggedRequest[] {
    return ms === undefined ? [...this.entries] : this.entries.filter((e) => e.at >= ms);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
