/**
 * An open-loop load generator: offers a fixed number of events per second, whatever the server
 * does, the way readers' browsers do. Each request has a scheduled send time; its latency counts
 * from that time, not from when a free connection finally sent it, so a server that stalls is
 * charged for every request that queued behind the stall (no coordinated omission).
 *
 * It runs in a process of its own (`runPacedLoad` forks this file), so it neither shares an
 * event loop with the benchmark's bookkeeping nor with the collector. It speaks just enough
 * HTTP/1.1 over raw keep-alive sockets to stay cheap: request bytes are built ahead of time but
 * for the fresh event ids, and responses are read for their status and length only.
 */
import { fork } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TrafficSource } from './traffic.ts';

/** Batch shapes and readers prepared ahead; each request fills in fresh event ids. */
const TEMPLATES = 5000;
/** How long requests still in flight when the schedule ends may take before they count as unanswered. */
const DRAIN_MS = 5000;

/** One paced run. */
export interface PacedLoadOptions {
  /** `http://host:port/path` */
  endpoint: string;
  /** Events offered per second (requests follow from each batch's size). */
  eventsPerSecond: number;
  seconds: number;
  /** Most connections open at once; a request due while all are busy waits (and its latency counts). */
  maxConnections: number;
  /** Prefix of event ids, unique per run. */
  prefix: string;
}

/** What a paced run measured. Latencies are from each request's scheduled send time. */
export interface PacedLoadResult {
  /** Events offered per second, as scheduled. */
  offeredEventsPerSecond: number;
  /** Events in batches answered 202 within the run's window, per second. */
  eventsPerSecond: number;
  requestsPerSecond: number;
  /** Mean events per request. */
  eventsPerRequest: number;
  /** Events acknowledged (202) in all, the drain included. */
  acked: number;
  /** Answers other than 202 by status, and requests never answered (`unanswered`). */
  failures: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Most connections open at once. */
  connections: number;
  /** Largest delay between a request's scheduled time and the generator getting to it: a starved generator shows here. */
  maxSendLagMs: number;
}

interface Pending {
  scheduled: number;
  events: number;
  bytes: Buffer;
}

interface Connection {
  socket: Socket;
  request: Pending | undefined;
  buffer: Buffer;
}

/** Percentile of sorted latencies; unanswered requests sort last as Infinity. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Where an HTTP/1.1 response in `buffer` ends (headers and body), or -1 when not all there yet. */
function responseEnd(buffer: Buffer): { end: number; status: number; close: boolean } | undefined {
  const head = buffer.indexOf('\r\n\r\n');
  if (head < 0) return undefined;
  const headers = buffer.toString('latin1', 0, head).toLowerCase();
  const status = Number(headers.slice(9, 12));
  const close = /\r\nconnection: *close/.test(headers);
  const length = /\r\ncontent-length: *(\d+)/.exec(headers);
  if (length) {
    const end = head + 4 + Number(length[1]);
    return buffer.length >= end ? { end, status, close } : undefined;
  }
  if (headers.includes('\r\ntransfer-encoding: chunked')) {
    const last = buffer.indexOf('\r\n0\r\n\r\n', head);
    return last < 0 ? undefined : { end: last + 7, status, close };
  }
  return { end: head + 4, status, close };
}

/** Runs the schedule in this process. */
async function pace(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const url = new URL(options.endpoint);
  const port = Number(url.port);
  const traffic = new TrafficSource(options.prefix);
  const templates = Array.from({ length: TEMPLATES }, () => {
    const headers = Object.entries(traffic.headers())
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    return { template: traffic.template(), head: `POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\n${headers}` };
  });
  const build = (i: number): { bytes: Buffer; events: number } => {
    const { template, head } = templates[i % TEMPLATES] as (typeof templates)[number];
    const body = traffic.fill(template);
    return {
      bytes: Buffer.from(`${head}content-length: ${body.length}\r\n\r\n${body}`, 'latin1'),
      events: template.events,
    };
  };

  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let acked = 0;
  let ackedInWindow = 0;
  let requests = 0;
  let offeredEvents = 0;
  let maxSendLag = 0;
  let open = 0;
  let mostOpen = 0;
  const idle: Connection[] = [];
  const waiting: Pending[] = [];
  const all = new Set<Connection>();
  let outstanding = 0;
  let settle: (() => void) | undefined;

  const start = performance.now() + 50;
  const windowEnd = start + options.seconds * 1000;

  const send = (connection: Connection, request: Pending) => {
    connection.request = request;
    connection.socket.write(request.bytes);
  };
  const finished = (request: Pending, status: number | 'unanswered') => {
    const now = performance.now();
    outstanding -= 1;
    if (status === 202) {
      acked += request.events;
      if (now <= windowEnd) ackedInWindow += request.events;
      latencies.push(now - request.scheduled);
    } else {
      failures[status] = (failures[status] ?? 0) + 1;
      latencies.push(status === 'unanswered' ? Number.POSITIVE_INFINITY : now - request.scheduled);
    }
    if (outstanding === 0) settle?.();
  };
  const release = (connection: Connection) => {
    const next = waiting.shift();
    if (next) send(connection, next);
    else idle.push(connection);
  };
  const openConnection = (first: Pending) => {
    const connection: Connection = {
      socket: connect({ host: url.hostname, port, noDelay: true }),
      request: undefined,
      buffer: Buffer.alloc(0),
    };
    open += 1;
    mostOpen = Math.max(mostOpen, open);
    all.add(connection);
    connection.socket.on('data', (chunk: Buffer) => {
      connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
      const response = responseEnd(connection.buffer);
      if (!response || !connection.request) return;
      connection.buffer = connection.buffer.subarray(response.end);
      const request = connection.request;
      connection.request = undefined;
      finished(request, response.status);
      if (response.close) connection.socket.destroy();
      else release(connection);
    });
    connection.socket.on('close', () => {
      open -= 1;
      all.delete(connection);
      const index = idle.indexOf(connection);
      if (index >= 0) idle.splice(index, 1);
      if (connection.request) {
        // The server closed the connection under a request: send it again on another one, still
        // counted from its scheduled time (a keep-alive race, not a lost event).
        const request = connection.request;
        connection.request = undefined;
        if (performance.now() < windowEnd + DRAIN_MS) dispatch(request);
        else finished(request, 'unanswered');
      }
    });
    connection.socket.on('error', () => undefined);
    send(connection, first);
  };
  const dispatch = (request: Pending) => {
    const connection = idle.pop();
    if (connection) send(connection, request);
    else if (open < options.maxConnections) openConnection(request);
    else waiting.push(request);
  };

  // The schedule: the next request is due when the events already offered, at the offered rate, are used up.
  let due = start;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (due <= now) maxSendLag = Math.max(maxSendLag, now - due);
      while (due <= now && due < windowEnd) {
        const { bytes, events } = build(requests);
        requests += 1;
        outstanding += 1;
        offeredEvents += events;
        dispatch({ scheduled: due, events, bytes });
        due += (events * 1000) / options.eventsPerSecond;
      }
      if (due >= windowEnd) resolve();
      else setTimeout(tick, Math.max(0, due - performance.now() - 0.5));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  if (outstanding > 0) {
    await new Promise<void>((resolve) => {
      settle = resolve;
      setTimeout(resolve, Math.max(0, windowEnd + DRAIN_MS - performance.now())).unref();
    });
  }
  // Whatever is still waiting or in flight now was never answered.
  for (const request of waiting.splice(0)) finished(request, 'unanswered');
  for (const connection of all) {
    if (connection.request) {
      finished(connection.request, 'unanswered');
      connection.request = undefined;
    }
    connection.socket.destroy();
  }

  const sorted = Float64Array.from(latencies).sort();
  return {
    offeredEventsPerSecond: offeredEvents / options.seconds,
    eventsPerSecond: ackedInWindow / options.seconds,
    requestsPerSecond: requests / options.seconds,
    eventsPerRequest: requests > 0 ? offeredEvents / requests : 0,
    acked,
    failures,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    connections: mostOpen,
    maxSendLagMs: maxSendLag,
  };
}

/** Runs a paced load from a child process and resolves with what it measured. */
export function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--disable-warning=ExperimentalWarning'],
    // Structured clone, so an unanswered request's Infinity survives the trip.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: PacedLoadResult | undefined;
    child.once('message', (message) => {
      result = message as PacedLoadResult;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the paced load generator exited with code ${code} before reporting`));
    });
  });
}

// Run as the child: pace, report to the parent, exit.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const options = JSON.parse(process.argv[2] as string) as PacedLoadOptions;
  const result = await pace(options);
  process.send(result, () => process.exit(0));
}
