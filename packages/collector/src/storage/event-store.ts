import type { Manifest, SharecraftEvent } from '@sharecraft/protocol';

/** A stored page view, as the stats and the tests read it back. */
export interface StoredEvent {
  id: string;
  kind: string;
  pageId: string;
  referrerClass: string | null;
  parentToken: string | null;
  receivedAt: number;
}

/**
 * Where the collector keeps what it accepts. Every method resolves only once the data is durably
 * written, so the collector never acknowledges an event it could still lose.
 */
export interface EventStore {
  /** Stores events; an id already stored is skipped, so retries are idempotent. Returns how many were new. */
  insertEvents(events: readonly SharecraftEvent[], receivedAt: number): Promise<number>;
  /** Keeps a manifest version and its pages; a page removed from later builds keeps its history. */
  recordManifest(manifest: Manifest): Promise<void>;
  /** Ids of every page in every manifest version seen. */
  knownPageIds(): Promise<Set<string>>;
  /** Events for a page, oldest first. */
  eventsForPage(pageId: string): Promise<StoredEvent[]>;
  close(): Promise<void>;
}
