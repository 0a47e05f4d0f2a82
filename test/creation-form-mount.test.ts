/**
 * The creation form with the collector mounted in the site's own server: the form posts to the
 * site's own origin (`<mount path>/api/creations`), and the mounted collector stores it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER_UA } from '../packages/collector/test/support.js';
import { buildFixture, FIXTURES, type FixtureBuild } from './helpers/build-fixture.js';
import { launchChromium } from './helpers/chromium.js';
import { freePort, type RunningProcess, startBuiltServer } from './helpers/processes.js';

const FIXTURE = 'astro7-node-mount';
const POST = '/blog/first-post/';

describe('the creation form with the collector mounted in the site', () => {
  let work: string;
  let build: FixtureBuild;
  let server: RunningProcess;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-form-mount-'));
    build = await buildFixture(FIXTURE, {
      outDir: join(FIXTURES, FIXTURE, 'dist', 'creations'),
      // A licence of the owner's own: the mounted collector must accept what the form offers.
      options: { creations: { licences: [{ id: 'cc-by-nc-4.0', label: 'CC BY-NC 4.0' }] } },
    });
    if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
    server = await startBuiltServer(build.outDir, await freePort(), { SHARECRAFT_DB: join(work, 'site.db') });
  });
  afterAll(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('posts to the site’s own origin, where the mounted collector answers the challenge and stores a letter', async () => {
    const page = parse(await (await fetch(`${server.url}${POST}`)).text());
    const form = page.querySelector('form#sc-c');
    expect(form?.getAttribute('action')).toBe('/_sharecraft/api/creations');

    const headers = { origin: server.url, 'sec-fetch-site': 'same-origin', 'user-agent': READER_UA };
    const challenge = await fetch(`${server.url}/_sharecraft/api/creations/challenge`, { headers });
    expect(challenge.status).toBe(200);
    expect(Object.keys(await challenge.json())).toContain('signature');

    const body = new FormData();
    for (const input of form?.querySelectorAll('input[type=hidden]') ?? []) {
      body.set(input.getAttribute('name') ?? '', input.getAttribute('value') ?? '');
    }
    body.set('kind', 'letter');
    body.set('title', 'From the mounted site');
    body.set('text', 'A letter posted to the site’s own origin.');
    expect(body.get('sc-page')).toBe(derivePageId('/blog/first-post'));
    const answer = await fetch(`${server.url}/_sharecraft/api/creations`, {
      method: 'POST',
      body,
      headers: { ...headers, accept: 'application/json' },
    });
    const stored = await answer.json();
    expect(answer.status, JSON.stringify(stored)).toBe(201);
    expect(stored).toMatchObject({ ok: true, kind: 'letter', verified: false });
    // The receipt is served by the mounted collector too.
    const receipt = await fetch(new URL(stored.receiptUrl, server.url), { headers: { 'user-agent': READER_UA } });
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain('From the mounted site');
  });

  it('accepts a creation under the licence the site’s form offers', async () => {
    const page = parse(await (await fetch(`${server.url}${POST}`)).text());
    const form = page.querySelector('form#sc-c');
    const offered = form?.querySelectorAll('select[name=licence] option').map((option) => option.getAttribute('value'));
    expect(offered).toEqual(['cc-by-nc-4.0']);
    const body = new FormData();
    for (const input of form?.querySelectorAll('input[type=hidden]') ?? []) {
      body.set(input.getAttribute('name') ?? '', input.getAttribute('value') ?? '');
    }
    for (const [name, value] of Object.entries({
      kind: 'creation',
      title: 'A remix under the site’s licence',
      text: 'Made from the first post.',
      credit: 'Ada',
      consent: 'yes',
      licence: 'cc-by-nc-4.0',
    })) {
      body.set(name, value);
    }
    const answer = await fetch(`${server.url}/_sharecraft/api/creations`, {
      method: 'POST',
      body,
      headers: {
        origin: server.url,
        'sec-fetch-site': 'same-origin',
        'user-agent': READER_UA,
        accept: 'application/json',
      },
    });
    const stored = await answer.json();
    expect(answer.status, JSON.stringify(stored)).toBe(201);
    expect(stored).toMatchObject({ ok: true, kind: 'creation' });
  });

  it('links the reader to the receipt under the mount path, after a return without JavaScript', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}${POST}?sc-receipt=abc123.def456#sc-thanks`);
      const link = page.locator('#sc-thanks a');
      await link.waitFor({ state: 'visible' });
      // The mounted collector's receipts live under its path, not at the site's root.
      expect(await link.getAttribute('href')).toBe(`${server.url}/_sharecraft/creations/receipt/abc123.def456`);
    } finally {
      await browser.close();
    }
  });

  it('advertises the mounted /webmention in each post’s head, which takes a mention and refuses a loopback source', async () => {
    const page = parse(await (await fetch(`${server.url}${POST}`)).text());
    const link = page.querySelectorAll('head link[rel=webmention]');
    expect(link.map((element) => element.getAttribute('href'))).toEqual(['/_sharecraft/webmention']);
    const source = `${server.url}/blog/`;
    const answer = await fetch(new URL('/_sharecraft/webmention', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ source, target: `https://fixture.example${POST}` }).toString(),
    });
    const body = await answer.json();
    expect(answer.status, JSON.stringify(body)).toBe(202);
    const location = answer.headers.get('location') ?? '';
    expect(location).toBe(`/_sharecraft/webmention/${body.id}`);
    let status = body;
    while (status.status === 'queued') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await (await fetch(new URL(location, server.url))).json();
    }
    // The mounted collector runs as in production: a source on loopback is never fetched.
    expect(status).toMatchObject({ status: 'refused', error: 'private_address', source });
    const unknown = await fetch(new URL('/_sharecraft/webmention', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ source: 'https://elsewhere.example/', target: 'https://fixture.example/nope/' }),
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toBe('unknown_target');
  });
});
