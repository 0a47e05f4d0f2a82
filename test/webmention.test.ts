/**
 * Webmentions through `sharecraft serve`, a real process on loopback with a real SQLite file and a
 * manifest, and a second site served on loopback by `node:http` with h-entry pages. One collector
 * runs with the test-only `--webmention-allow-private` flag (so it may fetch the loopback site) and
 * a one-second source timeout; another runs without it, as in production, and must refuse every
 * loopback source (SSRF). The safe fetcher is also driven in-process with one loopback port
 * treated as public, so a redirect from a "public" host to a private one is seen refused at the
 * private hop.
 */

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CreationRecord, derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSource, isPublicAddress, type WebmentionStatus } from '../packages/collector/src/index.js';
import { manifestOf } from '../packages/collector/test/support.js';
import { REPO_ROOT } from './helpers/build-fixture.js';
import { launchChromium } from './helpers/chromium.js';
import { startTemporaryPostgres } from './helpers/postgres.js';
import { type CollectorProcess, freePort, startCollector } from './helpers/processes.js';

const TARGET = 'https://blog.example/blog/made/';
const OTHER_TARGET = 'https://blog.example/blog/other/';
const PAGE = derivePageId('/blog/made');
/** A source for requests refused before anything is fetched. */
const SOURCE = 'https://source.example/a-reply';
const ADMIN = 'admin-token-0123456789abcdef';
const CLI = join(REPO_ROOT, 'packages/collector/dist/cli.js');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let work: string;
let dbFile: string;
/** With `--webmention-allow-private` and `--webmention-timeout 1`. */
let main: CollectorProcess;
/** As in production: no private addresses; two mentions per hour per address. */
let strict: CollectorProcess;
/** The second site, on loopback. */
let site: Server;
let siteUrl: string;
/** Requests the second site received, by path. */
const hits: string[] = [];
/** Whether the huge page was sent to the end (it must not be: the collector stops reading). */
let hugeFinished: boolean | undefined;
/** Chunks of 64 KiB the huge page has: 32 MiB, more than any socket buffer holds. */
const HUGE_CHUNKS = 512;
/** What `/mutable` serves right now. */
let mutable = '';
const held: ServerResponse[] = [];

function entryPage(options: { title: string; author: string; authorUrl?: string; link?: string; extra?: string }) {
  return `<!doctype html><html><head><title>Page title of ${options.title}</title></head><body>
<article class="h-entry">
<h1 class="p-name">${options.title}</h1>
<p class="p-author h-card"><a class="p-name u-url" href="${options.authorUrl ?? 'https://grace.example/'}">${options.author}</a></p>
<div class="e-content"><p>I drew a lighthouse after reading ${options.link ? `<a href="${options.link}">this post</a>` : 'that post'}.</p></div>
${options.extra ?? ''}
</article></body></html>`;
}

function html(response: ServerResponse, body: string, status = 200) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(body);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-webmention-'));
  const manifest = join(work, 'manifest.json');
  await writeFile(
    manifest,
    JSON.stringify(
      manifestOf('b1', {
        '/blog/made': { title: 'Made', ctas: [], forms: ['end'] },
        '/blog/other': { title: 'Other', ctas: [] },
      }),
    ),
  );
  site = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site');
    hits.push(url.pathname);
    const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
    if (redirect) {
      const left = Number(redirect[1]);
      response.writeHead(302, { location: left === 0 ? '/entry' : `/redirect/${left - 1}` });
      response.end();
      return;
    }
    switch (url.pathname) {
      case '/entry':
        return html(response, entryPage({ title: 'A lighthouse for Made', author: 'Grace Hopper', link: TARGET }));
      case '/relative-base':
        // The link is relative to a <base> on the blog's own origin, and carries a fragment.
        return html(
          response,
          `<!doctype html><base href="https://blog.example/blog/"><article class="h-entry"><h1 class="p-name">Via base</h1><a href="made/#end">the post</a></article>`,
        );
      case '/latin1':
        // An older site in ISO-8859-1: the author's name must come through intact.
        response.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
        response.end(Buffer.from(entryPage({ title: 'Café notes', author: 'Renée Ångström', link: TARGET }), 'latin1'));
        return;
      case '/nolink':
        // The URL as text, in a comment and in a script: none of these is a link.
        return html(
          response,
          entryPage({
            title: 'No link here',
            author: 'Ada',
            extra: `<p>${TARGET}</p><!-- <a href="${TARGET}">x</a> --><script>const a = '<a href="${TARGET}">';</script>`,
          }),
        );
      case '/mutable':
        return mutable === 'gone' ? html(response, 'Gone', 410) : html(response, mutable);
      case '/json':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ link: TARGET }));
        return;
      case '/huge': {
        // 32 MiB of padding, then the link: a receiver reading everything would find it.
        response.writeHead(200, { 'content-type': 'text/html' });
        const padding = `<p>${'x'.repeat(64 * 1024 - 8)}</p>\n`;
        let sent = 0;
        const write = () => {
          while (sent < HUGE_CHUNKS) {
            sent++;
            if (!response.write(padding)) {
              response.once('drain', write);
              return;
            }
          }
          response.end(`<a href="${TARGET}">the post</a>`);
        };
        response.on('close', () => {
          hugeFinished = response.writableFinished;
        });
        write();
        return;
      }
      case '/slow':
        // Never answers: the collector's timeout must end it.
        held.push(response);
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  const sitePort = await freePort();
  await new Promise<void>((resolve) => site.listen(sitePort, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${sitePort}`;
  dbFile = join(work, 'main.db');
  [main, strict] = await Promise.all([
    freePort().then((port) =>
      startCollector({
        db: dbFile,
        port,
        manifest,
        extra: ['--webmention-allow-private', '--webmention-timeout', '1', '--creations-per-hour', '0'],
        env: { SHARECRAFT_ADMIN_TOKEN: ADMIN },
      }),
    ),
    freePort().then((port) =>
      startCollector({
        db: join(work, 'strict.db'),
        port,
        manifest,
        extra: ['--creations-per-hour', '10', '--trust-proxy', 'loopback'],
      }),
    ),
  ]);
});

afterAll(async () => {
  for (const response of held) response.destroy();
  await main?.stop();
  await strict?.stop();
  await new Promise((resolve) => site?.close(resolve));
  await rm(work, { recursive: true, force: true });
});

function send(collector: CollectorProcess, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${collector.url}/webmention`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Sends a mention, expects 202, and follows its status URL until it is no longer queued. */
async function mention(collector: CollectorProcess, source: string, target = TARGET): Promise<WebmentionStatus> {
  const response = await send(collector, { source, target });
  const body = (await response.json()) as WebmentionStatus;
  expect(response.status, JSON.stringify(body)).toBe(202);
  const location = response.headers.get('location') ?? '';
  expect(location).toBe(`/webmention/${body.id}`);
  expect(body.status).toBe('queued');
  for (;;) {
    const status = (await (await fetch(new URL(location, collector.url))).json()) as WebmentionStatus;
    if (status.status !== 'queued') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function mentions(collector: CollectorProcess = main): Promise<CreationRecord[]> {
  const response = await fetch(`${collector.url}/api/creations?kind=mention`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as CreationRecord[];
}

async function healthy(collector: CollectorProcess) {
  expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
}

describe('a valid webmention', () => {
  it('is verified in the background and stored as a pending mention with the h-entry title and author', async () => {
    const status = await mention(main, `${siteUrl}/entry`);
    expect(status).toMatchObject({ status: 'verified', source: `${siteUrl}/entry`, target: TARGET });
    const [record] = (await mentions()).filter((entry) => entry.links[0] === `${siteUrl}/entry`);
    expect(record).toMatchObject({
      id: status.creation,
      kind: 'mention',
      status: 'pending',
      pageId: PAGE,
      postUrl: TARGET,
      title: 'A lighthouse for Made',
      credit: 'Grace Hopper',
      links: [`${siteUrl}/entry`, 'https://grace.example/'],
      verified: true,
      image: null,
    });
    expect(record?.email).toBeFalsy();
    expect(record?.text).toContain('I drew a lighthouse');
  });

  it('counts a link relative to the page’s <base>, fragment aside, and falls back to the host as the credit', async () => {
    const status = await mention(main, `${siteUrl}/relative-base`);
    expect(status.status).toBe('verified');
    const record = (await mentions()).find((entry) => entry.links[0] === `${siteUrl}/relative-base`);
    expect(record).toMatchObject({ title: 'Via base', pageId: PAGE });
  });

  it('reads a page in the charset its Content-Type names', async () => {
    expect((await mention(main, `${siteUrl}/latin1`)).status).toBe('verified');
    const record = (await mentions()).find((entry) => entry.links[0] === `${siteUrl}/latin1`);
    expect(record).toMatchObject({ title: 'Café notes', credit: 'Renée Ångström' });
  });

  it('follows up to five redirects, and refuses the sixth', async () => {
    expect((await mention(main, `${siteUrl}/redirect/4`)).status).toBe('verified');
    const refused = await mention(main, `${siteUrl}/redirect/5`);
    expect(refused).toMatchObject({ status: 'refused', error: 'too_many_redirects' });
    expect(refused.reason).toContain('more than 5');
  });
});

describe('a source that does not qualify', () => {
  it('is refused when it only names the target in text, a comment or a script, and the status says why', async () => {
    const status = await mention(main, `${siteUrl}/nolink`);
    expect(status).toMatchObject({ status: 'refused', error: 'no_link' });
    expect(status.reason).toContain(`does not link to ${TARGET}`);
    expect((await mentions()).some((entry) => entry.links[0] === `${siteUrl}/nolink`)).toBe(false);
  });

  it('is refused when it is not HTML', async () => {
    expect(await mention(main, `${siteUrl}/json`)).toMatchObject({ status: 'refused', error: 'not_html' });
  });

  it('stops reading a page past 1 MB: a link beyond it does not count', async () => {
    const status = await mention(main, `${siteUrl}/huge`);
    expect(status).toMatchObject({ status: 'refused', error: 'no_link' });
    expect(status.reason).toContain('first 1 MB');
    // The second site never got to send the whole page: the collector hung up.
    for (let tries = 0; hugeFinished === undefined && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(hugeFinished).toBe(false);
  });

  it('times out a source that never answers (here after the one second --webmention-timeout)', async () => {
    const status = await mention(main, `${siteUrl}/slow`);
    expect(status).toMatchObject({ status: 'refused', error: 'timeout' });
    expect(status.reason).toContain('1 s');
    await healthy(main);
  });
});

describe('bad requests', () => {
  it.each([
    ['a malformed source', { source: 'not a url', target: TARGET }, 'bad_url', 'source'],
    ['a malformed target', { source: SOURCE, target: 'https://' }, 'bad_url', 'target'],
    ['a non-http source', { source: 'ftp://files.example/x', target: TARGET }, 'bad_scheme', 'http or https'],
    ['a javascript: source', { source: 'javascript:alert(1)', target: TARGET }, 'bad_scheme', 'http or https'],
    ['source equal to target', { source: TARGET, target: `${TARGET}#end` }, 'same_url', 'same URL'],
    ['an unknown target', { source: SOURCE, target: 'https://blog.example/nope/' }, 'unknown_target', 'not one of'],
    [
      'another site as target',
      { source: SOURCE, target: 'https://elsewhere.example/blog/made/' },
      'unknown_target',
      'not one of',
    ],
    ['no target', { source: SOURCE }, 'missing_field', 'source and target'],
  ])('answers 400 for %s, with a reason, and keeps serving', async (_name, fields, error, reason) => {
    const response = await send(main, fields as Record<string, string>);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; reason: string };
    expect(body.error).toBe(error);
    expect(body.reason).toContain(reason);
    await healthy(main);
  });

  it('answers 415 for a JSON body and 405 for a GET of the endpoint', async () => {
    const json = await fetch(`${main.url}/webmention`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: `${siteUrl}/entry`, target: TARGET }),
    });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { reason: string }).reason).toContain('x-www-form-urlencoded');
    expect((await fetch(`${main.url}/webmention`)).status).toBe(405);
    expect((await fetch(`${main.url}/webmention/AAAAAAAAAAAAAAAA`)).status).toBe(404);
  });

  it('refuses every mention, naming --manifest, on a collector without a manifest', async () => {
    const port = await freePort();
    const bare = await startCollector({ db: join(work, 'bare.db'), port, extra: ['--webmention-allow-private'] });
    try {
      const response = await send(bare, { source: `${siteUrl}/entry`, target: TARGET });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; reason: string };
      expect(body).toMatchObject({ error: 'no_manifest' });
      expect(body.reason).toContain('--manifest');
    } finally {
      await bare.stop();
    }
  });
});

describe('updates and deletions (one mention per source and target)', () => {
  it('updates the stored mention when sent again, and deletes it once the source no longer links or is gone', async () => {
    const source = `${siteUrl}/mutable`;
    const stored = () => mentions().then((all) => all.filter((entry) => entry.links[0] === source));
    mutable = entryPage({ title: 'First words', author: 'Lin', link: TARGET });
    const first = await mention(main, source);
    expect(first.status).toBe('verified');
    expect((await stored()).map((entry) => entry.title)).toEqual(['First words']);

    // Approved, then edited at the source: one entry still, with the new words, back to pending.
    const approve = await execCli(['creations', 'approve', first.creation as string, '--db', dbFile]);
    expect(approve.code, approve.stderr).toBe(0);
    mutable = entryPage({ title: 'Second words', author: 'Lin', link: TARGET });
    const second = await mention(main, source);
    expect(second).toMatchObject({ status: 'verified', creation: first.creation });
    expect((await stored()).map((entry) => [entry.title, entry.status])).toEqual([['Second words', 'pending']]);

    // A mention of the same source to another post is its own entry.
    mutable = entryPage({ title: 'Second words', author: 'Lin', link: OTHER_TARGET });
    const other = await mention(main, source, OTHER_TARGET);
    expect(other.status).toBe('verified');
    expect(other.creation).not.toBe(first.creation);

    // The source drops the link to the first post: that mention is deleted, the other stays.
    const dropped = await mention(main, source);
    expect(dropped).toMatchObject({ status: 'refused', error: 'no_link', deleted: true });
    expect((await stored()).map((entry) => entry.pageId)).toEqual([derivePageId('/blog/other')]);

    // The source is gone (410): the other mention is deleted too.
    mutable = 'gone';
    const gone = await mention(main, source, OTHER_TARGET);
    expect(gone).toMatchObject({ status: 'refused', error: 'source_gone', deleted: true });
    expect(await stored()).toEqual([]);
  });
});

describe('moderation', () => {
  it('lists mentions as pending in /admin and in `sharecraft creations list --kind mention`', async () => {
    const status = await mention(main, `${siteUrl}/entry`);
    const signIn = await fetch(`${main.url}/admin/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN }).toString(),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const pending = await (await fetch(`${main.url}/admin`, { headers: { cookie } })).text();
    expect(pending).toContain('A lighthouse for Made');
    expect(pending).toContain('mention (a webmention');
    expect(pending).toContain(`name="id" value="${status.creation}"`);
    expect(pending).toMatch(/value="approve"/);

    const listed = await execCli(['creations', 'list', '--kind', 'mention', '--json', '--db', dbFile]);
    expect(listed.code, listed.stderr).toBe(0);
    const records = JSON.parse(listed.stdout) as CreationRecord[];
    expect(records.every((record) => record.kind === 'mention')).toBe(true);
    expect(records.find((record) => record.id === status.creation)).toMatchObject({
      status: 'pending',
      credit: 'Grace Hopper',
    });
    const approved = await execCli(['creations', 'approve', status.creation as string, '--db', dbFile]);
    expect(approved.code, approved.stderr).toBe(0);
    const approvedPage = await (await fetch(`${main.url}/admin?view=approved`, { headers: { cookie } })).text();
    expect(approvedPage).toContain(`name="id" value="${status.creation}"`);
  });

  it('shows a mention on the moderation page in Chromium, without axe violations, light and dark, approved by keyboard', async () => {
    mutable = entryPage({ title: 'Keyboard mention', author: 'Kay', link: TARGET });
    const status = await mention(main, `${siteUrl}/mutable`);
    expect(status.status).toBe('verified');
    const browser = await launchChromium();
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true });
        const page = await context.newPage();
        await page.goto(`${main.url}/admin`);
        await page.getByLabel('Admin token').fill(ADMIN);
        await page.keyboard.press('Enter');
        // Signed in, the page lists the pending work (the sign-in form was on the same URL).
        await page.getByRole('heading', { name: 'Keyboard mention' }).waitFor();
        const article = page.locator('article', { has: page.getByRole('heading', { name: 'Keyboard mention' }) });
        await expect(article.getByText('mention (a webmention').isVisible()).resolves.toBe(true);
        await expect(article.getByText('the source page was checked').isVisible()).resolves.toBe(true);
        await expect(article.locator(`a[href="${siteUrl}/mutable"]`).count()).resolves.toBe(1);
        await page.addScriptTag({ content: AXE_SOURCE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
          return (await axe.run()).violations.map((violation) => violation.id);
        });
        expect(violations, scheme).toEqual([]);
        if (scheme === 'dark') {
          await article.getByRole('button', { name: 'Approve' }).focus();
          await page.keyboard.press('Enter');
          await page.waitForURL(/done=approve/);
          await expect(page.getByText('Approved “Keyboard mention”.').isVisible()).resolves.toBe(true);
        }
        await context.close();
      }
    } finally {
      await browser.close();
    }
    expect((await mentions()).find((entry) => entry.id === status.creation)?.status).toBe('approved');
  });

  it('never takes kind=mention through the reader’s form', async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({
      'sc-form': 'end',
      'sc-page': PAGE,
      'sc-post': TARGET,
      kind: 'mention',
      title: 'Sneaky',
      consent: 'yes',
      licence: 'cc-by-4.0',
    })) {
      form.set(name, value);
    }
    const response = await fetch(`${main.url}/api/creations`, {
      method: 'POST',
      headers: { accept: 'application/json', origin: 'https://blog.example' },
      body: form,
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { fields?: Record<string, string> };
    expect(body.fields?.kind).toContain('a creation or a letter');
  });
});

describe('without --webmention-allow-private (as in production)', () => {
  it.each([
    ['127.0.0.1', () => `${siteUrl}/entry`],
    ['localhost (resolved, then checked)', () => `${siteUrl.replace('127.0.0.1', 'localhost')}/entry`],
    ['[::1]', () => `${siteUrl.replace('127.0.0.1', '[::1]')}/entry`],
    ['an IPv4-mapped IPv6 address', () => `${siteUrl.replace('127.0.0.1', '[::ffff:127.0.0.1]')}/entry`],
    ['a private 10/8 address', () => 'http://10.0.0.1/entry'],
    ['a link-local address', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses a source at %s without fetching it', async (_name, source) => {
    const before = hits.length;
    const status = await mention(strict, source());
    expect(status).toMatchObject({ status: 'refused', error: 'private_address' });
    expect(status.reason).toContain('private, loopback or link-local');
    expect(hits.length).toBe(before);
  });

  it('limits mentions per address per hour like creations (429 with Retry-After)', async () => {
    const from = { 'x-forwarded-for': '203.0.113.77' };
    const statuses: number[] = [];
    for (let n = 0; n < 11; n++) {
      statuses.push((await send(strict, { source: `http://10.0.0.${n + 1}/`, target: TARGET }, from)).status);
    }
    // The earlier tests' mentions came from 127.0.0.1: they do not count against this address.
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
    const refused = await send(strict, { source: 'http://10.0.0.9/', target: TARGET }, from);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await healthy(strict);
  });
});

describe('on PostgreSQL', () => {
  it('stores, updates and deletes a mention the same way', async () => {
    const pg = await startTemporaryPostgres();
    let collector: CollectorProcess | undefined;
    try {
      collector = await startCollector({
        db: pg.createDatabase('mentions'),
        port: await freePort(),
        manifest: join(work, 'manifest.json'),
        extra: ['--webmention-allow-private', '--creations-per-hour', '0'],
        env: { SHARECRAFT_ADMIN_TOKEN: ADMIN },
      });
      const source = `${siteUrl}/mutable`;
      mutable = entryPage({ title: 'On PostgreSQL', author: 'Pat', link: TARGET });
      const first = await mention(collector, source);
      expect(first.status).toBe('verified');
      mutable = entryPage({ title: 'On PostgreSQL, edited', author: 'Pat', link: TARGET });
      const second = await mention(collector, source);
      expect(second.creation).toBe(first.creation);
      expect((await mentions(collector)).map((entry) => [entry.id, entry.title, entry.kind, entry.status])).toEqual([
        [first.creation, 'On PostgreSQL, edited', 'mention', 'pending'],
      ]);
      mutable = entryPage({ title: 'On PostgreSQL, edited', author: 'Pat' });
      expect(await mention(collector, source)).toMatchObject({ status: 'refused', deleted: true });
      expect(await mentions(collector)).toEqual([]);
    } finally {
      await collector?.stop();
      pg.destroy();
    }
  });
});

describe('the safe fetcher', () => {
  it('refuses a redirect from a public host to a private one at the first private hop', async () => {
    // A second loopback server stands for the private network; the first is treated as public.
    const inside: string[] = [];
    const privateSite = createServer((request, response) => {
      inside.push(request.url ?? '');
      response.end('secret');
    });
    const privatePort = await freePort();
    await new Promise<void>((resolve) => privateSite.listen(privatePort, '127.0.0.1', resolve));
    const publicPort = await freePort();
    const redirector = createServer((request, response) => {
      const hop = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('hop') ?? 0);
      // Two public hops first, then to "localhost", which resolves to a private address.
      response.writeHead(302, {
        location: hop < 2 ? `/?hop=${hop + 1}` : `http://localhost:${privatePort}/admin`,
      });
      response.end();
    });
    await new Promise<void>((resolve) => redirector.listen(publicPort, '127.0.0.1', resolve));
    try {
      const seen: string[] = [];
      const result = await fetchSource(`http://127.0.0.1:${publicPort}/`, {
        addressAllowed: (address, port) => {
          seen.push(`${address}:${port}`);
          return port === publicPort && address === '127.0.0.1';
        },
      });
      expect(result).toMatchObject({ ok: false, error: 'private_address' });
      expect((result as { reason: string }).reason).toContain(`localhost:${privatePort}`);
      expect(inside).toEqual([]);
      expect(seen.some((entry) => entry.endsWith(`:${privatePort}`))).toBe(true);
    } finally {
      await new Promise((resolve) => redirector.close(resolve));
      await new Promise((resolve) => privateSite.close(resolve));
    }
  });

  it('tells public addresses from private, loopback, link-local and unique-local ones', () => {
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '1.1.1.1']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::10.0.0.1',
      '2002:c0a8:0101::1',
      'ff02::1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function execCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
