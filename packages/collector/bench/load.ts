/** Drives a collector over loopback with autocannon and counts what it acknowledged. */
import autocannon from 'autocannon';
import { TrafficSource } from './traffic.ts';

/** Batch shapes and readers prepared ahead; each request fills in fresh event ids. */
const TEMPLATES = 5000;

/** One load run. */
export interface LoadOptions {
  endpoint: string;
  seconds: number;
  connections: number;
  /** Requests per second across all connections; unset runs as fast as the server answers. */
  rate?: number;
  /** Prefix of event ids, unique per run. */
  prefix: string;
}

/** What a run measured. */
export interface LoadResult {
  /** Events in batches answered 202, per second. */
  eventsPerSecond: number;
  requestsPerSecond: number;
  /** Events acknowledged (202) in all. */
  acked: number;
  /** Answers other than 202, by status, and connection errors. */
  failures: Record<string, number>;
  p50: number;
  p99: number;
}

/** Runs autocannon against `endpoint` with realistic batches. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const traffic = new TrafficSource(options.prefix);
  const templates = Array.from({ length: TEMPLATES }, () => ({
    template: traffic.template(),
    headers: traffic.headers(),
  }));
  let next = 0;
  let acked = 0;
  const failures: Record<string, number> = {};
  const result = await autocannon({
    url: options.endpoint,
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const { template, headers } = templates[next++ % TEMPLATES] as (typeof templates)[number];
          (context as { events?: number }).events = template.events;
          return { ...request, body: traffic.fill(template), headers };
        },
        onResponse: (status, _body, context) => {
          if (status === 202) acked += (context as { events: number }).events;
          else failures[status] = (failures[status] ?? 0) + 1;
        },
      },
    ],
  });
  if (result.errors > 0) failures.errors = result.errors;
  if (result.timeouts > 0) failures.timeouts = result.timeouts;
  return {
    eventsPerSecond: acked / options.seconds,
    requestsPerSecond: result.requests.average,
    acked,
    failures,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
