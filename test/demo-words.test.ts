import { EVENT_KINDS, REFERRER_CLASSES } from '@sharecraft/protocol';
import { describe, expect, it } from 'vitest';
import { SHARE_ACTIONS } from '../packages/astro-sharecraft/src/share/networks.js';
import {
  describeEvent,
  durationWords,
  eventLine,
  NETWORK_NAMES,
  REFERRER_WORDS,
  ShareGenerations,
  type StoredEvent,
} from '../scripts/demo-words.js';

const page = '/blog/x';

/** One event of every kind the protocol defines, and the words the demo prints for it. */
const EXAMPLES: Record<string, [StoredEvent, string, string]> = {
  v: [{ kind: 'v', page, referrerClass: 's' }, 'read', '/blog/x (came from a search engine)'],
  g: [{ kind: 'g', page, engagedMs: 42_400, scrollPct: 80 }, 'engaged read', '/blog/x: 42 s, 80 % scrolled'],
  s: [
    { kind: 's', page, ctaId: 'end.linkedin', network: 'linkedin' },
    'share',
    'on LinkedIn from /blog/x (end of post)',
  ],
  c: [{ kind: 'c', page, ctaId: 'end.copy' }, 'share', 'by copying the link to /blog/x (end of post)'],
  n: [
    { kind: 'n', page, ctaId: 'here.native' },
    'share',
    "through the device's share sheet, from /blog/x (share bar placed in the post)",
  ],
  q: [
    { kind: 'q', page, ctaId: 'quote-2.bluesky', network: 'bluesky' },
    'share',
    'a quote from /blog/x on Bluesky (a passage the author marked, quote 2)',
  ],
  x: [
    { kind: 'x', page, ctaId: 'remix.remix' },
    'create',
    'invitation to make something opened, on /blog/x (remix prompt in the post)',
  ],
  f: [{ kind: 'f', page, formId: 'letters' }, 'create', 'a creation sent in for /blog/x through the form "letters"'],
};

describe('the words the demo prints for stored events', () => {
  it('has an example for every event kind the protocol defines', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...EVENT_KINDS].sort());
  });

  it.each(Object.entries(EXAMPLES))('names the rung of a "%s" event in words', (_kind, [event, rung, text]) => {
    expect(describeEvent(event)).toEqual({ rung, text });
  });

  it('prints a rung column, then the words', () => {
    expect(eventLine(EXAMPLES.v?.[0] as StoredEvent)).toBe('  read          /blog/x (came from a search engine)');
  });

  it('says where a visit came from for every referrer class', () => {
    for (const referrerClass of REFERRER_CLASSES) {
      const { text } = describeEvent({ kind: 'v', page, referrerClass });
      expect(text).toContain(REFERRER_WORDS[referrerClass]);
      expect(text).not.toContain(`"${referrerClass}"`);
    }
    expect(describeEvent({ kind: 'v', page }).text).toBe('/blog/x');
  });

  it('names every network a share block can offer', () => {
    const networks = SHARE_ACTIONS.filter((action) => action !== 'copy' && action !== 'native');
    for (const network of networks) expect(NETWORK_NAMES[network], network).toBeTruthy();
    expect(describeEvent({ kind: 's', page, ctaId: 'end.hackernews', network: 'hackernews' }).text).toBe(
      'on Hacker News from /blog/x (end of post)',
    );
    expect(describeEvent({ kind: 's', page, ctaId: 'end.email', network: 'email' }).text).toBe(
      'by email from /blog/x (end of post)',
    );
  });

  it('says where the control sat, for each placement the integration uses', () => {
    const text = (ctaId: string) => describeEvent({ kind: 's', page, ctaId, network: 'x' }).text;
    expect(text('end.x')).toMatch(/\(end of post\)$/);
    expect(text('here.x')).toMatch(/\(share bar placed in the post\)$/);
    expect(text('quote-1.x')).toMatch(/\(a passage the author marked, quote 1\)$/);
    expect(text('selection.x')).toMatch(/\(text the reader selected\)$/);
    expect(text('page.x')).toMatch(/\(on the page\)$/);
  });

  it('calls a share by a reader who came through a share a re-share, with its generation', () => {
    expect(
      describeEvent({
        kind: 's',
        page,
        ctaId: 'end.x',
        network: 'x',
        parentToken: 'parent0001',
        generation: 2,
      }),
    ).toEqual({
      rung: 're-share',
      text: 'on X from /blog/x (end of post), by a reader who came through a share: generation 2',
    });
    expect(describeEvent({ kind: 'c', page, ctaId: 'end.copy', parentToken: 'parent0001', generation: 3 }).rung).toBe(
      're-share',
    );
  });

  it('says a visit arrived through a share, and through which generation', () => {
    expect(describeEvent({ kind: 'v', page, referrerClass: 'o', parentToken: 'tok0000001', generation: 1 })).toEqual({
      rung: 'read',
      text: '/blog/x, a visit that arrived through a share (generation 1; came from another site)',
    });
    expect(describeEvent({ kind: 'v', page, parentToken: 'tok0000001' }).text).toBe(
      '/blog/x, a visit that arrived through a share (a share the collector has no record of)',
    );
  });

  it('marks a later engagement report for the same visit as an update', () => {
    expect(describeEvent({ kind: 'g', page, engagedMs: 185_000, scrollPct: 100, update: true }).text).toBe(
      '/blog/x: 3 min 5 s, 100 % scrolled (same visit, updated)',
    );
  });

  it('still prints something sensible for codes it has no words for', () => {
    expect(describeEvent({ kind: 'z', page })).toEqual({
      rung: '?',
      text: 'event of kind "z" on /blog/x, which this demo has no words for',
    });
    expect(describeEvent({ kind: 'v', page, referrerClass: 'k' }).text).toBe(
      '/blog/x (came from "k", a kind of referrer this demo has no words for)',
    );
    expect(describeEvent({ kind: 's', page, ctaId: 'footer.myspace', network: 'myspace' }).text).toBe(
      'on "myspace" from /blog/x (placed at "footer")',
    );
    expect(describeEvent({ kind: 'g', page }).text).toBe('/blog/x: time unknown, depth unknown');
  });
});

describe('durationWords', () => {
  it.each([
    [0, '0 s'],
    [42_400, '42 s'],
    [60_000, '1 min'],
    [185_000, '3 min 5 s'],
    [3_600_000, '1 h'],
    [3_720_000, '1 h 2 min'],
    [86_400_000, '24 h'],
  ])('%i ms is %s', (ms, words) => {
    expect(durationWords(ms)).toBe(words);
  });
});

describe('ShareGenerations', () => {
  it('counts generations as the share tree does', () => {
    const generations = new ShareGenerations();
    expect(generations.add('first00001', null)).toBe(1);
    expect(generations.add('second0001', 'first00001')).toBe(2);
    expect(generations.add('third00001', 'second0001')).toBe(3);
    // A parent with no recorded share is an unrecorded generation-1 share.
    expect(generations.add('orphan0001', 'lost000001')).toBe(2);
    // A retried event keeps its first generation.
    expect(generations.add('second0001', null)).toBe(2);
    expect(generations.of('third00001')).toBe(3);
    expect(generations.of('lost000001')).toBeUndefined();
    expect(generations.of(null)).toBeUndefined();
  });
});
