/**
 * A reader in Chromium on a site whose collector is mounted in its own @astrojs/node server: the
 * beacon reports to the origin that served the post, and the view lands in the database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { derivePageId } from '@sharecraft/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, FIXTURES, type FixtureBuild } from '../helpers/build-fixture.js';
import { launchChromium } from '../helpers/chromium.js';
import { freePort, type RunningProcess, startBuiltServer } from '../helpers/processes.js';

const FIXTURE = 'astro7-node-mount';
const POST = '/blog/first-post/';

function views(db: string): { page_id: string; referrer_class: string | null }[] {
  try {
    const connection = new DatabaseSync(db, { readOnly: true });
    try {
      return connection.prepare("SELECT page_id, referrer_class FROM events WHERE kind = 'v'").all() as unknown as {
        page_id: string;
        referrer_class: string | null;
      }[];
    } finally {
      connection.close();
    }
  } catch {
    return []; // not created yet: the collector opens its database on the first event
  }
}

describe('the beacon on a site with a mounted collector, in Chromium', () => {
  let work: string;
  let db: string;
  let build: FixtureBuild;
  let server: RunningProcess;
  let browser: Browser;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-mount-e2e-'));
    db = join(work, 'events.db');
    build = await buildFixture(FIXTURE, { outDir: join(FIXTURES, FIXTURE, 'dist', 'mount-e2e') });
    if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
    // The database comes from the environment where the server runs, as an owner deploys it.
    server = await startBuiltServer(build.outDir, await freePort(), { SHARECRAFT_DB: db });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(work, { recursive: true, force: true });
    if (build) await rm(build.outDir, { recursive: true, force: true });
  });

  it('sends the view to the origin that served the post, where it is stored', async () => {
    const context = await browser.newContext();
    // Nothing may leave the site's own origin: any other request fails the test.
    const elsewhere: string[] = [];
    await context.route(
      (url) => url.origin !== server.url,
      (route) => {
        elsewhere.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    const sent = page.waitForRequest((request) => request.url().endsWith('/_sharecraft/api/events'));
    const answered = page.waitForResponse((response) => response.url().endsWith('/_sharecraft/api/events'));
    await page.goto(`${server.url}${POST}`);

    const request = await sent;
    expect(new URL(request.url()).origin).toBe(server.url);
    expect((await answered).status()).toBe(202);

    const pageId = derivePageId(POST);
    const deadline = Date.now() + 10_000;
    while (!views(db).some((row) => row.page_id === pageId) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(views(db)).toContainEqual({ page_id: pageId, referrer_class: 'd' });
    expect(elsewhere).toEqual([]);
    await context.close();
  });
});
