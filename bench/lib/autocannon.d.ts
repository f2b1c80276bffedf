// The slice of autocannon (which ships no types) the benches use.
declare module 'autocannon' {
  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    /** Requests per second across all connections (paced load). */
    overallRate?: number;
    headers?: Record<string, string>;
    requests?: AutocannonRequest[];
    /** Called once per connection as it is made: e.g. to give each connection its own requests. */
    setupClient?: (client: AutocannonClient) => void;
  }
  interface AutocannonClient {
    setRequests(requests: AutocannonRequest[]): void;
  }
  interface AutocannonResult {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  }
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  export default autocannon;
}
