import { loadManifest } from './manifests.js';
import type { EventStore, KnownForms, KnownPages } from './storage/event-store.js';

/** A post a manifest lists: its page id and its URL (absolute, or its path without `site`). */
export interface KnownPost {
  pageId: string;
  url: string;
}

/** Options of the registry. */
export interface ManifestRegistryOptions {
  /** Least time between two reloads asked for by unknown ids (default 30 s), so a flood of bad ids costs one fetch. */
  minRefreshIntervalMs?: number;
  now?(): number;
}

/**
 * The manifest versions the collector checks events against. It loads each source (a file or a
 * site's published `/_sharecraft/manifest.json`), records every version in the database (where
 * replicas share them and a removed page keeps its history) and keeps the union of all versions
 * in memory. It reloads when told (SIGHUP, a timer) and, throttled, when an event names an id it
 * does not know yet: the site has probably just deployed.
 */
export class ManifestRegistry {
  readonly #store: Pick<EventStore, 'recordManifest' | 'knownPages' | 'knownForms'>;
  readonly #sources: readonly string[];
  readonly #minInterval: number;
  readonly #now: () => number;
  #known: KnownPages | undefined;
  #forms: KnownForms | undefined;
  /** Each source's posts by URL, from its latest version that loaded. */
  #posts = new Map<string, Map<string, KnownPost>>();
  #lastReload = Number.NEGATIVE_INFINITY;
  #reloading: Promise<void> | undefined;

  constructor(
    store: Pick<EventStore, 'recordManifest' | 'knownPages' | 'knownForms'>,
    sources: readonly string[],
    options: ManifestRegistryOptions = {},
  ) {
    this.#store = store;
    this.#sources = sources;
    this.#minInterval = options.minRefreshIntervalMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** Pages and CTAs known; undefined when no manifest source is configured (any id is accepted). */
  current(): KnownPages | undefined {
    return this.#sources.length === 0 ? undefined : this.#known;
  }

  /** Form ids known, by page; undefined when no manifest source is configured (any form id is accepted). */
  currentForms(): KnownForms | undefined {
    return this.#sources.length === 0 ? undefined : this.#forms;
  }

  /** Whether any manifest source is configured. */
  get hasSources(): boolean {
    return this.#sources.length > 0;
  }

  /**
   * The post an absolute URL names, in the latest manifests: matched on the whole URL (the fragment
   * and one trailing slash aside), or on the path alone for a site built without `site` (whose
   * manifest has no absolute URLs).
   */
  postAt(address: string): KnownPost | undefined {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return undefined;
    }
    url.hash = '';
    url.search = '';
    const trimmed = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
    const keys = [`${url.origin}${trimmed}`, `${url.origin}${trimmed}/`, trimmed || '/', `${trimmed}/`];
    for (const posts of this.#posts.values()) {
      for (const key of keys) {
        const post = posts.get(key);
        if (post) return post;
      }
    }
    return undefined;
  }

  /** Number of pages known. */
  get pageCount(): number {
    return this.#known?.size ?? 0;
  }

  /**
   * Loads every source, records each version and refreshes the known ids from the database.
   * Throws (after recording the sources that did load) when a source fails; the ids known before
   * stay in use.
   */
  async reload(): Promise<void> {
    this.#lastReload = this.#now();
    const failures: string[] = [];
    for (const source of this.#sources) {
      try {
        const manifest = await loadManifest(source);
        await this.#store.recordManifest(manifest);
        this.#posts.set(
          source,
          new Map(
            manifest.pages.map((page) => [page.url ?? page.path, { pageId: page.id, url: page.url ?? page.path }]),
          ),
        );
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    if (this.#sources.length > 0) {
      [this.#known, this.#forms] = await Promise.all([this.#store.knownPages(), this.#store.knownForms()]);
    }
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  /** Reloads unless a reload ran within the minimum interval; callers at the same time share one. */
  refreshIfStale(): Promise<void> {
    if (this.#reloading) return this.#reloading;
    if (this.#now() - this.#lastReload < this.#minInterval) return Promise.resolve();
    this.#reloading = this.reload().finally(() => {
      this.#reloading = undefined;
    });
    return this.#reloading;
  }
}
