/**
 * Approved creations at build time, end to end: a real `sharecraft serve` on loopback with a real
 * SQLite file, creations stored through the real store and approved with the real CLI, then a real
 * `astro build` of a fixture that reads them from the collector (`creations.source.collector`) and
 * from the export file (`sharecraft creations export --approved --images`). The fixture renders the
 * `virtual:sharecraft/creations` module as JSON (/gallery.json) and the `creationsLoader()`
 * collection with Astro's `<Image />` (/made/). A collector that is down, a wrong token and a bad
 * file fail the build with an AstroError; with `fallback`, the build warns and uses the file.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GalleryData } from '../packages/astro-sharecraft/src/creations/gallery-data.js';
import { type NewCreation, openSqliteStore } from '../packages/collector/dist/index.js';
import { buildFixture, type FixtureBuild, REPO_ROOT } from './helpers/build-fixture.js';
import { newCreation, sharecraftCli } from './helpers/creations-export.js';
import { solidPng } from './helpers/png.js';
import { type CollectorProcess, freePort, startCollector, startDevServer } from './helpers/processes.js';

const TOKEN = randomBytes(18).toString('base64url');
const LIGHTHOUSE = derivePageId('/blog/lighthouse/');
const TIDE = derivePageId('/blog/tide/');

const sharecraft = sharecraftCli;

/** A pending creation on the fixture's lighthouse post, as the form would store it. */
function creation(overrides: Partial<NewCreation>): NewCreation {
  return newCreation('/blog/lighthouse/', { postUrl: 'https://fixture.example/blog/lighthouse/', ...overrides });
}

const red = solidPng(48, 32, [200, 40, 40]);
const blue = solidPng(30, 40, [40, 60, 200]);
const drawing = creation({
  title: 'Lighthouse in red ink',
  credit: 'Ada',
  links: ['javascript:alert(1)', 'https://art.example/ada'],
  image: { type: 'image/png', width: 48, height: 32, alt: 'A red lighthouse on a rock', bytes: red },
});
const poem = creation({ title: 'A poem for the keeper', credit: 'Basil', licence: 'site-only' });
const tidePrint = creation({
  pageId: TIDE,
  postUrl: 'https://fixture.example/blog/tide/',
  title: 'Tide table, printed',
  credit: 'Cleo',
  licence: null,
  image: { type: 'image/png', width: 30, height: 40, alt: 'Blue bands of a tide chart', bytes: blue },
});
const waiting = creation({ title: 'Still in the queue' });
const letter = creation({ kind: 'letter', status: 'unread', title: 'Private thanks', consent: false, licence: null });
const approved = [drawing, poem, tidePrint];

let work: string;
let collector: CollectorProcess;
let exportFile: string;
let exportImages: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-loader-'));
  const db = join(work, 'collector.db');
  const store = await openSqliteStore(db);
  for (const entry of [drawing, poem, tidePrint, waiting, letter]) await store.creations.insert(entry);
  await store.close();
  const approval = await sharecraft(['creations', 'approve', ...approved.map((entry) => entry.id), '--db', db]);
  expect(approval.code, approval.stderr).toBe(0);
  exportFile = join(work, 'export', 'creations.json');
  exportImages = join(work, 'export', 'images');
  const exported = await sharecraft([
    'creations',
    'export',
    '--approved',
    '--out',
    exportFile,
    '--images',
    exportImages,
    '--db',
    db,
  ]);
  expect(exported.code, exported.stderr).toBe(0);
  collector = await startCollector({ db, port: await freePort(), extra: ['--admin-token', TOKEN] });
}, 60_000);

afterAll(async () => {
  await collector?.stop();
  await rm(work, { recursive: true, force: true });
});

function build(name: string, source: unknown, env: NodeJS.ProcessEnv = {}): Promise<FixtureBuild> {
  return buildFixture('astro7-creations', {
    outDir: join(work, name),
    options: { creations: { source } },
    env: { SHARECRAFT_ADMIN_TOKEN: TOKEN, ...env },
  });
}

async function galleryOf(build: FixtureBuild): Promise<GalleryData> {
  return JSON.parse(await readFile(join(build.outDir, 'gallery.json'), 'utf8'));
}

/** What every good build shows: the approved creations by post, newest first, images copied in. */
async function expectGallery(build: FixtureBuild) {
  expect(build.exitCode, build.output).toBe(0);
  const gallery = await galleryOf(build);
  expect(Object.keys(gallery).sort()).toEqual([LIGHTHOUSE, TIDE].sort());
  expect(gallery[LIGHTHOUSE]?.map((entry) => entry.title)).toEqual(['A poem for the keeper', 'Lighthouse in red ink']);
  const [poemShown, drawingShown] = gallery[LIGHTHOUSE] ?? [];
  expect(drawingShown).toMatchObject({
    id: drawing.id,
    kind: 'creation',
    credit: 'Ada',
    // The javascript: link is never the credit's.
    link: 'https://art.example/ada',
    licence: { id: 'cc-by-4.0', label: 'CC BY 4.0' },
    createdAt: new Date(drawing.createdAt).toISOString(),
    image: { width: 48, height: 32, alt: 'A red lighthouse on a rock' },
  });
  expect(poemShown).toMatchObject({ link: null, image: null, licence: { id: 'site-only' } });
  expect(gallery[TIDE]?.[0]).toMatchObject({ title: 'Tide table, printed', licence: null });
  // Each image is a file of the build, named by its content, with the very bytes the reader sent.
  const src = drawingShown?.image?.src ?? '';
  expect(src).toMatch(/^\/_sharecraft\/creations\/[\w-]{16}\.png$/);
  expect(new Uint8Array(await readFile(join(build.outDir, src)))).toEqual(red);
  const tideSrc = gallery[TIDE]?.[0]?.image?.src ?? '';
  expect(new Uint8Array(await readFile(join(build.outDir, tideSrc)))).toEqual(blue);
  // Nothing but approved creations: no pending one, no letter, no email.
  const text = JSON.stringify(gallery);
  expect(text).not.toContain(waiting.id);
  expect(text).not.toContain(letter.id);
  expect(text).not.toContain('@mail.example');
  expect(build.output).toContain('3 approved creations for 2 posts from');
  // The content loader gives the same creations, its images through Astro's image pipeline.
  const made = await readFile(join(build.outDir, 'made', 'index.html'), 'utf8');
  for (const entry of approved) expect(made).toContain(`data-id="${entry.id}"`);
  expect(made).not.toContain(waiting.id);
  expect(made).not.toContain(letter.id);
  const image = made.match(/<img[^>]*alt="A red lighthouse on a rock"[^>]*>/)?.[0] ?? '';
  const imageSrc = image.match(/src="([^"]+)"/)?.[1] ?? '';
  expect(imageSrc).toMatch(/^\/_astro\/.+\.png$/);
  expect(image).toContain('width="48"');
  expect(new Uint8Array(await readFile(join(build.outDir, imageSrc)))).toEqual(red);
  return gallery;
}

describe('creations.source', () => {
  it('reads approved creations from the collector with the admin token', async () => {
    const built = await build('from-collector', { collector: collector.url });
    await expectGallery(built);
    expect(built.output).toContain(`from ${collector.url}`);
  }, 180_000);

  it('reads the same creations from the export file and the images beside it', async () => {
    const built = await build('from-file', { file: exportFile, images: exportImages });
    await expectGallery(built);
    expect(built.output).toContain(`from ${exportFile}`);
    const fromCollector = await galleryOf({ ...built, outDir: join(work, 'from-collector') });
    expect(await galleryOf(built)).toEqual(fromCollector);
  }, 180_000);

  it('fails the build, naming the URL and the fix, when the collector is down', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const built = await build('down', { collector: down });
    expect(built.exitCode).not.toBe(0);
    expect(built.output).toContain(`cannot reach the collector at ${down}/api/creations?status=approved`);
    expect(built.output).toContain('fallback');
    expect(existsSync(join(work, 'down', 'gallery.json'))).toBe(false);
  }, 180_000);

  it('fails the build when the collector refuses the token', async () => {
    const built = await build('wrong-token', { collector: collector.url }, { SHARECRAFT_ADMIN_TOKEN: 'not-the-token' });
    expect(built.exitCode).not.toBe(0);
    expect(built.output).toContain('refused the admin token in SHARECRAFT_ADMIN_TOKEN (401)');
  }, 180_000);

  it('warns and builds from the fallback file when the collector cannot be read', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const built = await build('fallback', {
      collector: down,
      fallback: { file: exportFile, images: exportImages },
    });
    await expectGallery(built);
    expect(built.output).toMatch(/cannot reach the collector at .*Using the fallback file/);
  }, 180_000);

  it('fails the build, naming the file, when the export file is not JSON', async () => {
    const bad = join(work, 'bad.json');
    await writeFile(bad, '[{"id": ');
    const built = await build('bad-file', { file: bad });
    expect(built.exitCode).not.toBe(0);
    expect(built.output).toContain(`The creations file ${bad} is not valid JSON`);
  }, 180_000);

  it('gives the loader a source of its own, apart from the integration', async () => {
    const built = await buildFixture('astro7-creations', {
      outDir: join(work, 'loader-only'),
      options: { creations: true },
      env: { SHARECRAFT_LOADER_SOURCE: JSON.stringify({ file: exportFile, images: exportImages }) },
    });
    expect(built.exitCode, built.output).toBe(0);
    // The integration has no source: no gallery, no images of its own.
    expect(await galleryOf(built)).toEqual({});
    expect(existsSync(join(built.outDir, '_sharecraft', 'creations'))).toBe(false);
    const made = await readFile(join(built.outDir, 'made', 'index.html'), 'utf8');
    for (const entry of approved) expect(made).toContain(`data-id="${entry.id}"`);
    expect(made).toMatch(
      /<img[^>]*src="\/_astro\/[^"]+\.png"[^>]*alt="Blue bands of a tide chart"|<img[^>]*alt="Blue bands of a tide chart"[^>]*src="\/_astro\/[^"]+\.png"/,
    );
    // Without the integration's list, a licence is labelled from the defaults.
    expect(made).toContain(`data-id="${drawing.id}" data-page="${LIGHTHOUSE}" data-licence="CC BY 4.0"`);
  }, 180_000);

  it("types virtual:sharecraft/creations and the loader's entries for the site's TypeScript", async () => {
    // The builds above ran `astro sync`, which writes the types the integration injects.
    const root = join(REPO_ROOT, 'test/fixtures/astro7-creations');
    expect(existsSync(join(root, '.astro/integrations/astro-sharecraft/creations.d.ts'))).toBe(true);
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const checked = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile(process.execPath, [tsc, '--noEmit', '-p', root], { encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, output: stdout + stderr }),
      ),
    );
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
  }, 120_000);

  it('serves the gallery and its images from memory in astro dev', async () => {
    const dev = await startDevServer('astro7-creations', await freePort(), collector.endpoint, {
      creations: { source: { file: exportFile, images: exportImages } },
    });
    try {
      const gallery = (await (await fetch(`${dev.url}/gallery.json`)).json()) as GalleryData;
      const shown = gallery[LIGHTHOUSE]?.find((entry) => entry.id === drawing.id);
      expect(shown?.image?.src).toMatch(/^\/_sharecraft\/creations\/[\w-]{16}\.png$/);
      const image = await fetch(`${dev.url}${shown?.image?.src}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await image.arrayBuffer())).toEqual(red);
      expect(dev.output()).toContain('3 approved creations for 2 posts from');
    } finally {
      await dev.stop();
    }
  }, 120_000);
});
