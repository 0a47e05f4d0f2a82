/**
 * The collector mounted in a site's own server (`collector: { mount }`), built by real Astro with
 * @astrojs/node and run the way an owner deploys it: the same handlers as `sharecraft serve`, on
 * the site's origin, checking events against the manifest this build wrote.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { derivePageId, MANIFEST_PATH, type Manifest } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER_UA } from '../packages/collector/test/support.js';
import { type BuildOptions, buildFixture, FIXTURES, type FixtureBuild } from './helpers/build-fixture.js';
import {
  freePort,
  type RunningProcess,
  startBuiltServer,
  startDevServer,
  startMiddlewareServer,
} from './helpers/processes.js';

const FIXTURE = 'astro7-node-mount';
const STATS_TOKEN = 'a-long-random-stats-token-for-mount';
const POST = '/blog/first-post';

/**
 * What a browser sends with a post from a page on `origin` to that origin. Astro 7.4's origin check
 * trusts `Sec-Fetch-Site` first; without it, it compares Origin with a URL it builds on `localhost`.
 */
const SAME_ORIGIN = (origin: string) => ({ origin, 'sec-fetch-site': 'same-origin' });

let sequence = 0;
function view(pageId: string) {
  sequence += 1;
  return { i: `mount-event-${String(sequence).padStart(8, '0')}`, k: 'v', p: pageId };
}

function storedViews(db: string): { id: string; page_id: string }[] {
  const connection = new DatabaseSync(db, { readOnly: true });
  try {
    return connection.prepare("SELECT id, page_id FROM events WHERE kind = 'v'").all() as unknown as {
      id: string;
      page_id: string;
    }[];
  } finally {
    connection.close();
  }
}

/** A build of the fixture, served, with a temporary folder for its database; see {@link mountedSite}. */
interface MountedSite {
  work: string;
  db: string;
  build: FixtureBuild;
  manifest: Manifest;
  server: RunningProcess;
}

/**
 * Builds the fixture into `dist/<name>` and starts it, before the enclosing describe block's tests;
 * stops it and deletes both afterwards. `plan` gets the temporary folder and says where the database
 * goes, how to build and how to serve.
 */
function mountedSite(
  name: string,
  plan: (work: string) => {
    db: string;
    build?: BuildOptions;
    serve: (outDir: string, port: number) => Promise<RunningProcess>;
  },
): MountedSite {
  const site = {} as MountedSite;
  beforeAll(async () => {
    site.work = await mkdtemp(join(tmpdir(), `sharecraft-${name}-`));
    const { db, build, serve } = plan(site.work);
    site.db = db;
    site.build = await buildFixture(FIXTURE, { outDir: join(FIXTURES, FIXTURE, 'dist', name), ...build });
    if (site.build.exitCode !== 0) throw new Error(`fixture build failed:\n${site.build.output}`);
    site.manifest = JSON.parse(await readFile(join(site.build.outDir, 'client', MANIFEST_PATH), 'utf8'));
    site.server = await serve(site.build.outDir, await freePort());
  });
  afterAll(async () => {
    await site.server?.stop();
    if (site.work) await rm(site.work, { recursive: true, force: true });
    if (site.build) await rm(site.build.outDir, { recursive: true, force: true });
  });
  return site;
}

describe('the collector mounted in an Astro site on @astrojs/node', () => {
  const site = mountedSite('mount-api', (work) => {
    const db = join(work, 'data', 'events.db');
    return {
      db,
      // Inside the project, as deployed: the server loads @sharecraft/collector from its node_modules.
      build: { options: { collector: { mount: { database: db } } } },
      serve: (outDir, port) => startBuiltServer(outDir, port, { SHARECRAFT_STATS_TOKEN: STATS_TOKEN }),
    };
  });

  const postEvents = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${site.server.url}/_sharecraft/api/events`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN(site.server.url), 'content-type': 'text/plain', 'user-agent': READER_UA, ...headers },
      body: JSON.stringify(body),
    });

  it('points the beacon at the mounted endpoint and puts the manifest next to the server entry', async () => {
    expect(site.build.output).toContain('Collector mounted at /_sharecraft/api/events');
    const html = await (await fetch(`${site.server.url}${POST}/`)).text();
    const script = /src="(\/_sharecraft\/share\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const source = await (await fetch(`${site.server.url}${script}`)).text();
    expect(source).toContain('"/_sharecraft/api/events"');
    const copy = await readFile(join(site.build.outDir, 'server', MANIFEST_PATH), 'utf8');
    expect(JSON.parse(copy)).toEqual(site.manifest);
  });

  it('stores a view of a post in the manifest, answering 202 once it is in the database', async () => {
    const pageId = derivePageId(POST);
    expect(site.manifest.pages.map((page) => page.id)).toContain(pageId);
    const event = view(pageId);
    const response = await postEvents({ v: 1, e: [event] });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, new: 1 });
    expect(storedViews(site.db)).toContainEqual({ id: event.i, page_id: pageId });
  });

  it('refuses a page in no manifest, on-demand pages included, with 422 and a reason', async () => {
    for (const path of ['/blog/never-written', '/live']) {
      const response = await postEvents({ v: 1, e: [view(derivePageId(path))] });
      expect(response.status).toBe(422);
      const body = await response.json();
      expect(body.error).toBe('unknown_page');
      expect(body.reason).toContain(derivePageId(path));
    }
    expect(storedViews(site.db).map((row) => row.page_id)).not.toContain(derivePageId('/blog/never-written'));
  });

  it('refuses events from another origin: Astro first, the collector for what Astro lets through', async () => {
    const event = view(derivePageId(POST));
    // The beacon's text/plain counts as a form post, which Astro's security.checkOrigin stops.
    const asForm = await postEvents(
      { v: 1, e: [event] },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(asForm.status).toBe(403);
    const asJson = await postEvents(
      { v: 1, e: [event] },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
    );
    expect(asJson.status).toBe(403);
    const body = await asJson.json();
    expect(body.error).toBe('origin_not_allowed');
    expect(body.reason).toContain('collector.mount.allowOrigins');
    expect(storedViews(site.db).map((row) => row.id)).not.toContain(event.i);
  });

  it('answers the stats only to the token from SHARECRAFT_STATS_TOKEN, counting the stored view', async () => {
    const stats = (authorization?: string) =>
      fetch(`${site.server.url}/_sharecraft/api/stats`, authorization ? { headers: { authorization } } : {});
    expect((await stats()).status).toBe(401);
    expect((await stats('Bearer not-the-right-token-at-all')).status).toBe(401);
    const response = await stats(`Bearer ${STATS_TOKEN}`);
    expect(response.status).toBe(200);
    const answer = await response.json();
    const page = answer.pages.find((entry: { pageId: string }) => entry.pageId === derivePageId(POST));
    expect(page).toMatchObject({ path: POST, views: 1 });
    expect(answer.totals.views).toBe(1);
  });
});

describe('the mounted collector under a base path', () => {
  const site = mountedSite('mount-base', (work) => {
    const db = join(work, 'events.db');
    return {
      db,
      build: { env: { SHARECRAFT_BASE: '/journal' } },
      serve: (outDir, port) => startBuiltServer(outDir, port, { SHARECRAFT_DB: db }),
    };
  });

  it('answers under the base, where the beacon is told to post', async () => {
    const html = await (await fetch(`${site.server.url}/journal${POST}/`)).text();
    const script = /src="(\/journal\/_sharecraft\/share\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(await (await fetch(`${site.server.url}${script}`)).text()).toContain('"/journal/_sharecraft/api/events"');
    const pageId = site.manifest.pages[0]?.id ?? '';
    const response = await fetch(`${site.server.url}/journal/_sharecraft/api/events`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN(site.server.url), 'content-type': 'text/plain', 'user-agent': READER_UA },
      body: JSON.stringify({ v: 1, e: [view(pageId)] }),
    });
    expect(response.status).toBe(202);
    // No SHARECRAFT_STATS_TOKEN here: the collector itself answers that its stats are off.
    expect(await (await fetch(`${site.server.url}/journal/_sharecraft/api/stats`)).json()).toMatchObject({
      error: 'stats_disabled',
      reason: expect.stringContaining('`collector.mount.statsToken`'),
    });
  });
});

describe("the mounted collector in @astrojs/node's middleware mode, with trailingSlash: 'always'", () => {
  const site = mountedSite('mount-middleware', (work) => {
    const db = join(work, 'events.db');
    return {
      db,
      build: {
        options: { collector: { mount: { database: db } } },
        env: { SHARECRAFT_NODE_MODE: 'middleware', SHARECRAFT_TRAILING_SLASH: 'always' },
      },
      // The owner's own node:http server; /live/ is rendered on request, so the handler answers it.
      serve: (outDir, port) => startMiddlewareServer(outDir, port, '/live/', { SHARECRAFT_STATS_TOKEN: STATS_TOKEN }),
    };
  });

  it('tells the beacon the endpoint with its slash, and stores and counts what is posted there', async () => {
    expect(site.build.output).toContain(
      'Collector mounted at /_sharecraft/api/events/ (stats at /_sharecraft/api/stats/)',
    );
    // In middleware mode the owner's server serves the static files: read the built ones.
    const html = await readFile(join(site.build.outDir, 'client', 'blog', 'first-post', 'index.html'), 'utf8');
    const script = /src="\/(_sharecraft\/share\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(await readFile(join(site.build.outDir, 'client', script as string), 'utf8')).toContain(
      '"/_sharecraft/api/events/"',
    );
    const page = site.manifest.pages.find((entry) => entry.path.replace(/\/$/, '') === POST);
    expect(page).toBeDefined();
    const event = view(page?.id ?? '');
    const response = await fetch(`${site.server.url}/_sharecraft/api/events/`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN(site.server.url), 'content-type': 'text/plain', 'user-agent': READER_UA },
      body: JSON.stringify({ v: 1, e: [event] }),
    });
    expect(response.status).toBe(202);
    expect(storedViews(site.db)).toContainEqual({ id: event.i, page_id: page?.id });
    const stats = await fetch(`${site.server.url}/_sharecraft/api/stats/`, {
      headers: { authorization: `Bearer ${STATS_TOKEN}` },
    });
    expect(stats.status).toBe(200);
    expect((await stats.json()).totals.views).toBe(1);
  });
});

describe('the mounted collector in astro dev', () => {
  const devDb = join(FIXTURES, FIXTURE, 'node_modules', '.astro', 'sharecraft', 'dev.db');
  let dev: RunningProcess;

  beforeAll(async () => {
    await rm(join(devDb, '..'), { recursive: true, force: true });
    dev = await startDevServer(FIXTURE, await freePort(), '');
  });
  afterAll(async () => {
    await dev?.stop();
    await rm(join(devDb, '..'), { recursive: true, force: true });
  });

  it("stores events for any page in its own database under Astro's cache directory, and says where", async () => {
    // No manifest exists while pages render on request: any well-formed page id is taken.
    const event = view(derivePageId('/blog/a-draft-not-built-yet'));
    const response = await fetch(`${dev.url}/_sharecraft/api/events`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN(dev.url), 'content-type': 'text/plain', 'user-agent': READER_UA },
      body: JSON.stringify({ v: 1, e: [event] }),
    });
    expect(response.status).toBe(202);
    expect(storedViews(devDb)).toContainEqual({ id: event.i, page_id: event.p });
    expect(dev.output()).toContain(`in dev it stores events in ${devDb}`);
  });
});

describe('collector.mount without an adapter', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-mount-static-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('fails the build, naming the option, with a hint to add an adapter or run sharecraft serve', async () => {
    const build = await buildFixture(FIXTURE, { outDir: join(work, 'site'), env: { SHARECRAFT_NO_ADAPTER: '1' } });
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toContain('`collector.mount: true` needs a server, and this site has no adapter');
    expect(build.output).toMatch(/Hint:[\s\S]*@astrojs\/node[\s\S]*sharecraft serve/);
  });
});
