import { parseShareToken, type SharecraftEvent } from '@sharecraft/protocol';
import type { EventRow } from '../storage/event-store.js';

/** What the collector adds to an event when it stores it. */
export interface RowContext {
  receivedAt: number;
  visitor: string | null;
  /** The CTA's network, from the manifest (`checkAgainstManifests`). */
  network: string | null;
}

/** A share token as stored: normalised when it reads as one (upper case, look-alikes), else as sent. */
function token(value: string | undefined): string | null {
  if (value === undefined) return null;
  return parseShareToken(value) ?? value;
}

/** Flattens a wire event into the row the stores write. */
export function toRow(event: SharecraftEvent, context: RowContext): EventRow {
  const row: EventRow = {
    id: event.i,
    kind: event.k,
    pageId: event.p,
    referrerClass: null,
    parentToken: null,
    token: null,
    ctaId: null,
    network: null,
    viewId: null,
    engagedMs: null,
    scrollPct: null,
    formId: null,
    visitor: context.visitor,
    receivedAt: context.receivedAt,
  };
  switch (event.k) {
    case 'v':
      row.referrerClass = event.r ?? null;
      row.parentToken = token(event.s);
      break;
    case 'g':
      row.viewId = event.l;
      row.engagedMs = event.t;
      row.scrollPct = event.d;
      break;
    case 's':
    case 'c':
    case 'n':
    case 'q':
      row.ctaId = event.c;
      row.network = context.network;
      row.token = token(event.t);
      row.parentToken = token(event.s);
      break;
    case 'x':
      row.ctaId = event.c;
      row.network = context.network;
      row.parentToken = token(event.s);
      break;
    case 'f':
      row.formId = event.f;
      row.parentToken = token(event.s);
      break;
  }
  return row;
}
