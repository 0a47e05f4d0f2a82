/** Shared pieces of the collector's tests: manifests, events, a reader's user agent, a disk that refuses writes. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  type CTA_KINDS,
  derivePageId,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestCta,
  type SharecraftEvent,
} from '@sharecraft/protocol';

/** A real browser's user agent: requests without one are counted as bots. */
export const READER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** A CTA as `<placement>.<action>`, with the kind and network a manifest would give it. */
export function cta(id: string, kind: (typeof CTA_KINDS)[number] = 'share'): ManifestCta {
  const [placement = '', action = ''] = id.split('.');
  const network = kind === 'share' || kind === 'quote' ? action : undefined;
  return { id, kind, placement, ...(network ? { network } : {}) };
}

/** A manifest version listing `pages` (path → title, CTAs and the ids of its creation forms). */
export function manifestOf(
  buildId: string,
  pages: Record<string, { title: string; ctas: ManifestCta[]; forms?: string[] }>,
  generatedAt = '2025-03-01T00:00:00.000Z',
): Manifest {
  return {
    version: MANIFEST_VERSION,
    site: 'https://blog.example',
    buildId,
    generatedAt,
    pages: Object.entries(pages).map(([path, page]) => ({
      id: derivePageId(path),
      path,
      url: `https://blog.example${path}/`,
      title: page.title,
      contentHash: 'contenthash00000',
      cards: [],
      ctas: page.ctas,
      forms: (page.forms ?? []).map((id) => ({ id, placement: 'end' })),
    })),
  };
}

let sequence = 0;

/** A fresh event id, unique within the test run. */
export function eventId(prefix = 'evt'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${String(sequence).padStart(8, '0')}`.slice(0, 32);
}

/** A page view event. */
export function view(pageId: string, extra: { s?: string; r?: 'd' | 'i' | 's' | 'o' } = {}): SharecraftEvent {
  return { i: eventId(), k: 'v', p: pageId, ...extra };
}

/** A batch body as the beacon sends it. */
export function batch(...events: SharecraftEvent[]): string {
  return JSON.stringify({ v: 1, e: events });
}

/**
 * Makes files refuse every write (`chattr +i`, which binds root too) while `work` runs, then
 * makes them writable again whatever happens. Needs root, or CAP_LINUX_IMMUTABLE, on ext4/xfs/btrfs.
 */
export async function withImmutable<T>(paths: string[], work: () => Promise<T>): Promise<T> {
  const present = paths.filter((path) => existsSync(path));
  execFileSync('chattr', ['+i', ...present]);
  try {
    return await work();
  } finally {
    execFileSync('chattr', ['-i', ...present]);
  }
}
