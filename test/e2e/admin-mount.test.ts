/**
 * The moderation page and the creations API mounted in an Astro site (`collector: { mount }`),
 * built by real Astro with @astrojs/node and run as deployed, driven in real Chromium: links, form
 * actions and the session cookie stay under the mount path (with a `base`, and with
 * `trailingSlash: 'always'`), and a creation is approved there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NewCreation, openSqliteStore } from '../../packages/collector/dist/index.js';
import { buildFixture, FIXTURES, type FixtureBuild } from '../helpers/build-fixture.js';
import { launchChromium } from '../helpers/chromium.js';
import { solidPng } from '../helpers/png.js';
import { freePort, type RunningProcess, startBuiltServer } from '../helpers/processes.js';

const FIXTURE = 'astro7-node-mount';
const TOKEN = 'mounted-admin-token-0123456789';

function creation(title: string): NewCreation {
  return {
    id: `mnt${randomBytes(6).toString('hex')}`,
    kind: 'creation',
    status: 'pending',
    formId: 'end',
    pageId: derivePageId('/blog/first-post'),
    postUrl: 'https://fixture.example/blog/first-post/',
    title,
    text: 'Made from the first post.',
    links: [],
    credit: 'Grace',
    email: 'grace@mail.example',
    consent: true,
    licence: 'cc-by-4.0',
    quote: null,
    token: null,
    verified: true,
    receiptHash: createHash('sha256').update(randomBytes(8)).digest('hex'),
    textHash: createHash('sha256').update(randomBytes(8)).digest('hex'),
    image: { type: 'image/png', width: 64, height: 48, alt: 'Green square', bytes: solidPng(64, 48, [20, 140, 60]) },
    createdAt: Date.now() - 60_000,
  };
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Seeds a database through the store, builds the fixture with `env`, and serves it. */
function mountedSite(name: string, env: NodeJS.ProcessEnv) {
  const site = { seeded: creation(`Mounted ${name}`) } as {
    seeded: NewCreation;
    work: string;
    db: string;
    build: FixtureBuild;
    server: RunningProcess;
  };
  beforeAll(async () => {
    site.work = await mkdtemp(join(tmpdir(), `sharecraft-${name}-`));
    site.db = join(site.work, 'site.db');
    const store = await openSqliteStore(site.db);
    await store.creations.insert(site.seeded);
    await store.close();
    site.build = await buildFixture(FIXTURE, { outDir: join(FIXTURES, FIXTURE, 'dist', name), env });
    if (site.build.exitCode !== 0) throw new Error(`fixture build failed:\n${site.build.output}`);
    site.server = await startBuiltServer(site.build.outDir, await freePort(), {
      SHARECRAFT_DB: site.db,
      SHARECRAFT_ADMIN_TOKEN: TOKEN,
    });
  });
  afterAll(async () => {
    await site.server?.stop();
    if (site.work) await rm(site.work, { recursive: true, force: true });
    if (site.build) await rm(site.build.outDir, { recursive: true, force: true });
  });
  return site;
}

/** Signs in at `adminUrl` in Chromium and approves the seeded creation by click; returns what it saw. */
async function moderate(site: ReturnType<typeof mountedSite>, adminUrl: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${site.server.url}${adminUrl}`);
    await page.getByLabel('Admin token').fill(TOKEN);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
    const cookies = await context.cookies();
    const article = page.locator(`article[aria-labelledby="c-${site.seeded.id}-title"]`);
    const image = article.getByRole('img', { name: 'Image: Green square' });
    await image.scrollIntoViewIfNeeded();
    const width = await image.evaluate((element: HTMLImageElement) =>
      element.decode().then(() => element.naturalWidth),
    );
    const imageSrc = await image.getAttribute('src');
    const links = await page.locator('nav a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    const actions = await page.locator('form').evaluateAll((forms) => forms.map((form) => form.getAttribute('action')));
    await Promise.all([page.waitForURL(/done=approve/), article.getByRole('button', { name: 'Approve' }).click()]);
    const notice = await page.getByRole('status').textContent();
    return { cookies, width, imageSrc, links, actions, notice, url: page.url() };
  } finally {
    await context.close();
  }
}

async function statusOf(db: string, id: string) {
  const store = await openSqliteStore(db);
  try {
    return (await store.creations.get(id))?.status;
  } finally {
    await store.close();
  }
}

describe('the moderation page mounted under a base path', () => {
  const site = mountedSite('admin-mount-base', { SHARECRAFT_BASE: '/journal' });

  it('signs in, links, posts and keeps its cookie under /journal/_sharecraft/admin, and approves', async () => {
    expect(site.build.output).toContain('the moderation page is at /journal/_sharecraft/admin.');
    const seen = await moderate(site, '/journal/_sharecraft/admin');
    expect(seen.cookies).toMatchObject([
      { name: 'sharecraft-admin', path: '/journal/_sharecraft/admin', httpOnly: true, sameSite: 'Strict' },
    ]);
    expect(seen.width).toBe(64);
    expect(seen.imageSrc).toBe(`/journal/_sharecraft/admin/image/${site.seeded.id}`);
    expect(seen.links).toContain('/journal/_sharecraft/admin?view=letters');
    expect(seen.actions).toContain('/journal/_sharecraft/admin/moderate');
    expect(seen.actions).toContain('/journal/_sharecraft/admin/sign-out');
    expect(seen.notice).toBe('Approved “Mounted admin-mount-base”.');
    expect(new URL(seen.url).pathname).toBe('/journal/_sharecraft/admin');
    expect(await statusOf(site.db, site.seeded.id)).toBe('approved');
  });

  it('answers the creations API and its challenge under the mount path', async () => {
    const api = `${site.server.url}/journal/_sharecraft/api/creations`;
    expect((await fetch(api)).status).toBe(401);
    const list = await fetch(api, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).toContain(site.seeded.id);
    const image = await fetch(`${api}/${site.seeded.id}/image`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const challenge = await fetch(`${api}/challenge`);
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toHaveProperty('parameters');
    const receipt = await fetch(`${site.server.url}/journal/_sharecraft/creations/receipt/nope.nope`);
    expect(receipt.status).toBe(404);
    expect(receipt.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('is off without SHARECRAFT_ADMIN_TOKEN where the server runs, and says which variable turns it on', async () => {
    const bare = await startBuiltServer(site.build.outDir, await freePort(), { SHARECRAFT_DB: site.db });
    try {
      const response = await fetch(`${bare.url}/journal/_sharecraft/admin`);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toContain('Moderation is off');
      expect(html).toContain('SHARECRAFT_ADMIN_TOKEN');
    } finally {
      await bare.stop();
    }
  });
});

describe("the moderation page mounted in a site with trailingSlash: 'always'", () => {
  const site = mountedSite('admin-mount-slash', { SHARECRAFT_TRAILING_SLASH: 'always' });

  it('links and posts with the slash, and approves', async () => {
    const seen = await moderate(site, '/_sharecraft/admin/');
    expect(seen.cookies).toMatchObject([{ name: 'sharecraft-admin', path: '/_sharecraft/admin' }]);
    expect(seen.width).toBe(64);
    expect(seen.links).toContain('/_sharecraft/admin/?view=pending');
    expect(seen.actions).toContain('/_sharecraft/admin/moderate/');
    expect(seen.notice).toBe('Approved “Mounted admin-mount-slash”.');
    expect(await statusOf(site.db, site.seeded.id)).toBe('approved');
  });

  it('answers the creations API at its URLs with the slash', async () => {
    const api = `${site.server.url}/_sharecraft/api/creations/`;
    const list = await fetch(api, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).toContain(site.seeded.id);
    const challenge = await fetch(`${api}challenge/`);
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toHaveProperty('parameters');
  });
});
