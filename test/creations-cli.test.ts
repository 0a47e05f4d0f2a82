/**
 * `sharecraft creations …`, the real binary, against a real SQLite file (and a real PostgreSQL
 * server for list and approve) seeded through the real creation store: the table, the JSON, every
 * field of one, the moderation commands and what they print, delete for good, and the export for
 * publication that never carries an email or a letter.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { creationRecordSchema, derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EventStore,
  type NewCreation,
  openPostgresStore,
  openSqliteStore,
} from '../packages/collector/dist/index.js';
import { REPO_ROOT } from './helpers/build-fixture.js';
import { solidPng } from './helpers/png.js';
import { startTemporaryPostgres, type TemporaryPostgres } from './helpers/postgres.js';

const CLI = join(REPO_ROOT, 'packages/collector/dist/cli.js');
const PAGE = derivePageId('/blog/lighthouse');
const ESC = String.fromCharCode(27);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sharecraft <args>` as its own process, as an owner types it. */
function sharecraft(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let sequence = 0;
function creation(overrides: Partial<NewCreation> = {}): NewCreation {
  sequence += 1;
  return {
    id: `cli${sequence}${randomBytes(5).toString('hex')}`,
    kind: 'creation',
    status: 'pending',
    formId: 'end',
    pageId: PAGE,
    postUrl: 'https://blog.example/blog/lighthouse/',
    title: `Lighthouse in ink ${sequence}`,
    text: 'Drawn after reading the post.\nSecond line.',
    links: ['https://art.example/lighthouse'],
    credit: 'Ada Lovelace',
    email: `ada${sequence}@mail.example`,
    consent: true,
    licence: 'cc-by-4.0',
    quote: null,
    token: null,
    verified: true,
    receiptHash: createHash('sha256').update(`receipt-${sequence}`).digest('hex'),
    textHash: createHash('sha256').update(`text-${sequence}`).digest('hex'),
    image: null,
    createdAt: Date.UTC(2026, 10, 1, 9, sequence),
    ...overrides,
  };
}

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-creations-cli-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('sharecraft creations on SQLite', () => {
  let db: string;
  let store: EventStore;
  const png = solidPng(40, 30, [200, 40, 40]);
  const drawing = creation({
    image: { type: 'image/png', width: 40, height: 30, alt: 'A red lighthouse', bytes: png },
    links: ['https://art.example/a', 'https://art.example/b'],
  });
  const sketch = creation({ title: `Evil ${ESC}[2J${ESC}]0;pwned${String.fromCharCode(7)} title`, verified: false });
  const letter = creation({ kind: 'letter', status: 'unread', title: 'Thank you', consent: false, licence: null });
  const published = creation({
    status: 'approved',
    title: 'Already approved',
    image: { type: 'image/png', width: 40, height: 30, alt: 'Approved art', bytes: png },
  });

  beforeAll(async () => {
    db = join(work, 'owner.db');
    store = await openSqliteStore(db);
    for (const entry of [drawing, sketch, letter, published]) await store.creations.insert(entry);
  });

  afterAll(async () => {
    await store?.close();
  });

  it('lists every creation newest first as a table that fits the terminal', async () => {
    const narrow = await sharecraft(['creations', 'list', '--db', db], { COLUMNS: '80' });
    for (const line of narrow.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    // Too narrow for every column: the post goes first, long titles are cut with an ellipsis.
    expect(narrow.stdout.split('\n')[0]).toMatch(/^ID +KIND +STATUS +DATE +TITLE +CREDIT$/);
    expect(narrow.stdout).toMatch(/Lighthouse in i[^\n ]*…/);
    const run = await sharecraft(['creations', 'list', '--db', db]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +KIND +STATUS +VERIFIED +DATE +POST +TITLE +CREDIT$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([
      published.id,
      letter.id,
      sketch.id,
      drawing.id,
    ]);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(160);
    const row = lines.find((line) => line.startsWith(drawing.id)) as string;
    expect(row).toMatch(/creation +pending +yes +2026-11-01 09:0\d +\/blog\/lighthouse\/ +Lighthouse in ink/);
    expect(run.stdout).toContain('Ada Lovelace');
  });

  it('never prints a reader’s escape sequences to the terminal', async () => {
    const run = await sharecraft(['creations', 'show', sketch.id, '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(ESC);
    expect(run.stdout).not.toContain(String.fromCharCode(7));
    expect(run.stdout).toContain('Evil \ufffd[2J\ufffd]0;pwned\ufffd title');
    expect((await sharecraft(['creations', 'list', '--db', db])).stdout).not.toContain(ESC);
  });

  it('filters by status, kind and page, and says so when nothing matches', async () => {
    const letters = await sharecraft(['creations', 'list', '--kind', 'letter', '--json', '--db', db]);
    expect(JSON.parse(letters.stdout).map((record: { id: string }) => record.id)).toEqual([letter.id]);
    const approved = await sharecraft(['creations', 'list', '--status', 'approved', '--db', db]);
    expect(approved.stdout).toContain(published.id);
    expect(approved.stdout).not.toContain(drawing.id);
    const none = await sharecraft(['creations', 'list', '--page', derivePageId('/blog/other'), '--db', db]);
    expect(none).toMatchObject({ code: 0, stdout: 'No creations match.\n' });
  });

  it('prints CreationRecord[] with --json', async () => {
    const run = await sharecraft(['creations', 'list', '--json'], { SHARECRAFT_DB: db });
    const records = JSON.parse(run.stdout) as unknown[];
    expect(records).toHaveLength(4);
    for (const record of records) expect(creationRecordSchema.safeParse(record).success).toBe(true);
  });

  it('shows every field of one: the email, the links, the image’s type and size', async () => {
    const run = await sharecraft(['creations', 'show', drawing.id, '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`email:     ${drawing.email}`);
    expect(run.stdout).toContain('link 1:    https://art.example/a');
    expect(run.stdout).toContain('link 2:    https://art.example/b');
    expect(run.stdout).toContain(`image:     image/png, 40×30, ${png.byteLength} B, alt "A red lighthouse"`);
    expect(run.stdout).toContain('Drawn after reading the post.\nSecond line.');
    const json = JSON.parse((await sharecraft(['creations', 'show', drawing.id, '--json', '--db', db])).stdout);
    expect(json).toMatchObject({ id: drawing.id, email: drawing.email, image: { type: 'image/png' } });
  });

  it('approves, rejects and marks spam, printing what changed', async () => {
    const approve = await sharecraft(['creations', 'approve', drawing.id, '--db', db]);
    expect(approve).toMatchObject({ code: 0, stdout: `${drawing.id} "${drawing.title}": pending → approved.\n` });
    expect((await store.creations.get(drawing.id))?.status).toBe('approved');
    const again = await sharecraft(['creations', 'approve', drawing.id, '--db', db]);
    expect(again.stdout).toContain('was already approved');
    const spam = await sharecraft(['creations', 'spam', sketch.id, '--db', db]);
    expect(spam.stdout).toContain('pending → spam');
    const reject = await sharecraft(['creations', 'reject', sketch.id, '--db', db]);
    expect(reject.stdout).toContain('spam → rejected');
    expect((await store.creations.get(sketch.id))?.moderatedAt).not.toBeNull();
  });

  it('only reads letters: approving one is refused, read marks it', async () => {
    const approve = await sharecraft(['creations', 'approve', letter.id, '--db', db]);
    expect(approve.code).toBe(1);
    expect(approve.stderr).toContain('letters are only read, never published');
    expect((await store.creations.get(letter.id))?.status).toBe('unread');
    const read = await sharecraft(['creations', 'read', letter.id, '--db', db]);
    expect(read).toMatchObject({ code: 0, stdout: `${letter.id} "Thank you": unread → read.\n` });
  });

  it('exits 1 naming an unknown id, and still does the others', async () => {
    const run = await sharecraft(['creations', 'reject', 'no-such-id', published.id, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no creation has the id "no-such-id"');
    expect(run.stdout).toContain(`${published.id} "Already approved": approved → rejected.`);
    await sharecraft(['creations', 'approve', published.id, '--db', db]);
    expect((await sharecraft(['creations', 'show', 'nope', '--db', db])).code).toBe(1);
  });

  it('exits 2 with usage for a bad flag, a bad value or an unknown command, and 1 for a missing database', async () => {
    const flag = await sharecraft(['creations', 'list', '--colour', '--db', db]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--colour'");
    const value = await sharecraft(['creations', 'list', '--status', 'lovely', '--db', db]);
    expect(value).toMatchObject({ code: 2 });
    expect(value.stderr).toContain('--status must be one of pending, approved, rejected, spam, unread, read');
    const misplaced = await sharecraft(['creations', 'approve', drawing.id, '--json', '--db', db]);
    expect(misplaced.code).toBe(2);
    const unknown = await sharecraft(['creations', 'publish', drawing.id]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('sharecraft creations --help');
    const noIds = await sharecraft(['creations', 'delete', '--db', db]);
    expect(noIds).toMatchObject({ code: 2 });
    const missing = await sharecraft(['creations', 'list', '--db', join(work, 'typo.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`there is no database at ${join(work, 'typo.db')}`);
    const help = await sharecraft(['--help']);
    expect(help.stdout).toContain('sharecraft creations <command>');
    expect((await sharecraft(['creations', '--help'])).stdout).toContain('export [--approved]');
  });

  it('exports only approved creations for publication: no email, no letter, images beside', async () => {
    const out = join(work, 'approved.json');
    const images = join(work, 'images');
    const run = await sharecraft(['creations', 'export', '--approved', '--out', out, '--images', images, '--db', db]);
    expect(run.code).toBe(0);
    const text = await readFile(out, 'utf8');
    const records = JSON.parse(text) as { id: string; kind: string; status: string; image: { url: string } | null }[];
    expect(records.map((record) => record.id).sort()).toEqual([drawing.id, published.id].sort());
    expect(text).not.toContain('@mail.example');
    expect(text).not.toContain('"email"');
    for (const record of records) {
      expect(record).toMatchObject({ kind: 'creation', status: 'approved' });
      expect(creationRecordSchema.safeParse(record).success).toBe(true);
      expect(record.image?.url).toBe(`${record.id}.png`);
      expect(new Uint8Array(await readFile(join(images, `${record.id}.png`)))).toEqual(png);
    }
    const everything = JSON.parse((await sharecraft(['creations', 'export', '--db', db])).stdout);
    expect(everything).toHaveLength(4);
    expect(everything.find((record: { id: string }) => record.id === letter.id).email).toBe(letter.email);
  });

  it('deletes for good: the row, the image and the email', async () => {
    const run = await sharecraft(['creations', 'delete', drawing.id, '--db', db]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toBe(
      `Deleted creation ${drawing.id} "${drawing.title}": the entry, its image/png image (${png.byteLength} B), its email.\n`,
    );
    expect(await store.creations.get(drawing.id)).toBeUndefined();
    expect(await store.creations.image(drawing.id)).toBeUndefined();
    const again = await sharecraft(['creations', 'delete', drawing.id, '--db', db]);
    expect(again.code).toBe(1);
  });
});

describe('sharecraft creations on PostgreSQL', () => {
  let pg: TemporaryPostgres;
  let url: string;
  let store: EventStore;
  const first = creation();
  const second = creation({ kind: 'letter', status: 'unread' });

  beforeAll(async () => {
    pg = await startTemporaryPostgres();
    url = pg.createDatabase('cli');
    store = await openPostgresStore(url);
    await store.creations.insert(first);
    await store.creations.insert(second);
  });

  afterAll(async () => {
    await store?.close();
    pg?.destroy();
  });

  it('lists and approves on the same database serve uses', async () => {
    const list = await sharecraft(['creations', 'list', '--db', url]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(first.id);
    expect(list.stdout).toContain(second.id);
    const approve = await sharecraft(['creations', 'approve', first.id], { SHARECRAFT_DB: url });
    expect(approve).toMatchObject({ code: 0, stdout: `${first.id} "${first.title}": pending → approved.\n` });
    expect((await store.creations.get(first.id))?.status).toBe('approved');
    const approved = JSON.parse(
      (await sharecraft(['creations', 'list', '--status', 'approved', '--json', '--db', url])).stdout,
    );
    expect(approved.map((record: { id: string }) => record.id)).toEqual([first.id]);
    const exported = JSON.parse((await sharecraft(['creations', 'export', '--approved', '--db', url])).stdout);
    expect(exported).toEqual([expect.objectContaining({ id: first.id, status: 'approved' })]);
    expect(exported[0]).not.toHaveProperty('email');
  });
});
