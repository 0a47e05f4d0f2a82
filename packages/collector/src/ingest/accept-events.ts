import { decodeEventBatch, MAX_BATCH_BYTES } from '@sharecraft/protocol';
import type { EventStore } from '../storage/event-store.js';

export interface IngestDeps {
  store: EventStore;
  /** Page ids the collector accepts events for; undefined accepts any well-formed id (no manifest loaded). */
  knownPages(): Set<string> | undefined;
  now?: () => number;
}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status });
}

/** Reads at most `limit` bytes of a body; undefined when it is longer. */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return undefined;
  if (!request.body) return '';
  // Web streams only (no Node Buffer): the same handler runs mounted in a site's own server.
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * Accepts a batch of events from a beacon. Every rejection is a 4xx with a reason a site owner can
 * act on; a 202 means every event in the batch is durably stored (or was already).
 */
export async function acceptEvents(request: Request, deps: IngestDeps): Promise<Response> {
  const body = await readLimited(request, MAX_BATCH_BYTES);
  if (body === undefined) {
    return json(413, { error: 'payload_too_large', reason: `a batch may have at most ${MAX_BATCH_BYTES} bytes` });
  }
  const decoded = decodeEventBatch(body);
  if (!decoded.ok) return json(400, { error: 'malformed', reason: decoded.reason });

  const known = deps.knownPages();
  if (known) {
    const unknown = decoded.batch.e.find((event) => !known.has(event.p));
    if (unknown) {
      return json(422, {
        error: 'unknown_page',
        reason: `page id ${unknown.p} is in no manifest this collector knows; deploy the site (or reload the manifest) first`,
      });
    }
  }
  const stored = await deps.store.insertEvents(decoded.batch.e, (deps.now ?? Date.now)());
  return json(202, { accepted: decoded.batch.e.length, new: stored });
}
