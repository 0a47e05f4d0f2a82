/** How long clients should wait before retrying after a 503 (database unavailable). */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The `Response` class handlers build answers with: the global one, or a server's faster equivalent. */
export type ResponseClass = typeof Response;

/** Headers of an answer, as a plain object (see `responder`). */
export type AnswerHeaders = Record<string, string>;

/** Status and headers of an answer. */
export interface AnswerInit {
  status?: number;
  headers?: AnswerHeaders;
}

/** Builds the collector's answers. */
export interface Responder {
  json(body: unknown, init?: AnswerInit): Response;
  text(body: string, init?: AnswerInit): Response;
  empty(status: number, headers?: AnswerHeaders): Response;
  /**
   * A JSON error answer: a machine-readable `error` code and a `reason` a person can act on.
   * Every refusal the collector makes has this shape.
   */
  problem(status: number, error: string, reason: string, headers?: AnswerHeaders): Response;
  /** The 503 for a database that did not answer: nothing was acknowledged, so a retry loses nothing. */
  unavailable(retryAfterSeconds: number, what: string, headers?: AnswerHeaders): Response;
}

/**
 * Answers built with `ResponseClass`: the global `Response` by default, so the handlers run in any
 * web-standard server; `sharecraft serve` passes srvx's `FastResponse`, which Node writes out
 * without going through a web stream. Headers stay plain objects: a server like srvx then writes
 * them as they are, where `Response.json` with headers of its own builds a `Headers` object for
 * every answer (measurable at thousands of events a second).
 */
export function responder(ResponseClass: ResponseClass = Response): Responder {
  const json = (body: unknown, init?: AnswerInit) =>
    new ResponseClass(JSON.stringify(body), {
      status: init?.status ?? 200,
      headers: { 'content-type': 'application/json', ...init?.headers },
    });
  const problem = (status: number, error: string, reason: string, headers?: AnswerHeaders) =>
    json({ error, reason }, { status, ...(headers ? { headers } : {}) });
  return {
    json,
    text: (body, init) => new ResponseClass(body, init),
    empty: (status, headers) => new ResponseClass(null, { status, ...(headers ? { headers } : {}) }),
    problem,
    unavailable: (retryAfterSeconds, what, headers) =>
      problem(
        503,
        'unavailable',
        `the database is not available right now, so ${what}; retry after ${retryAfterSeconds} s`,
        { ...headers, 'retry-after': String(retryAfterSeconds) },
      ),
  };
}

/**
 * Logs when the database stops or starts answering, once per change rather than once per request:
 * under load a database outage would otherwise flood the log.
 */
export class HealthLog {
  #failing = false;
  readonly #log: (message: string) => void;

  constructor(log: (message: string) => void) {
    this.#log = log;
  }

  ok(): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.#log('The database is answering again.');
  }

  failed(error: unknown): void {
    if (this.#failing) return;
    this.#failing = true;
    this.#log(`The database is unavailable, answering 503 until it is back: ${(error as Error).message ?? error}`);
  }
}
