/**
 * Raw IP addresses are never stored: readers' addresses reach the collector (they change the
 * visitor hash), and afterwards no table, no column and no byte of the database files holds them,
 * on SQLite and on PostgreSQL. Nor does the user agent.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, cta, eventId, manifestOf, READER_UA, view } from '../packages/collector/test/support.js';
import { startTemporaryPostgres, type TemporaryPostgres } from './helpers/postgres.js';
import { type CollectorProcess, freePort, startCollector } from './helpers/processes.js';

const PAGE = derivePageId('/blog/private');
const IPS = ['203.0.113.77', '2001:db8::77:1'];
const USER_AGENT = `${READER_UA} PrivacyProbe/7.7`;

let work: string;
let manifest: string;
let pg: TemporaryPostgres;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-privacy-'));
  manifest = join(work, 'manifest.json');
  await writeFile(
    manifest,
    JSON.stringify(
      manifestOf('b1', {
        '/blog/private': { title: 'Private', ctas: [cta('end.x'), cta('end.remix', 'remix')], forms: ['letters'] },
      }),
    ),
  );
  pg = await startTemporaryPostgres();
});

afterAll(async () => {
  pg?.destroy();
  await rm(work, { recursive: true, force: true });
});

/** Every kind of event, from one reader. */
function everyKind() {
  const seen = view(PAGE, { r: 'o', s: 'abcdefghjk' });
  return [
    seen,
    { i: eventId(), k: 'g' as const, p: PAGE, l: seen.i, t: 20_000, d: 90 },
    { i: eventId(), k: 's' as const, p: PAGE, c: 'end.x', t: 'bcdefghjkm', s: 'abcdefghjk' },
    { i: eventId(), k: 'x' as const, p: PAGE, c: 'end.remix' },
    { i: eventId(), k: 'f' as const, p: PAGE, f: 'letters' },
  ];
}

/** Sends every kind of event from each test address, as a proxy on loopback would forward them. */
async function sendFromEachAddress(collector: CollectorProcess): Promise<void> {
  for (const ip of IPS) {
    const response = await fetch(collector.endpoint, {
      method: 'POST',
      headers: { origin: 'https://blog.example', 'user-agent': USER_AGENT, 'x-forwarded-for': ip },
      body: batch(...everyKind()),
    });
    expect(response.status).toBe(202);
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Which of `needles` appear anywhere in the bytes of `files`. */
async function foundInFiles(files: string[], needles: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const file of files) {
    const bytes = await readFile(file).catch(() => Buffer.alloc(0));
    for (const needle of needles) if (bytes.includes(needle)) found.add(`${needle} in ${file}`);
  }
  return [...found];
}

const NEEDLES = [...IPS, 'PrivacyProbe'];
/** A share token that is stored: the same scans must find it, or they prove nothing. */
const CONTROL = 'bcdefghjkm';

/** Splits hits into those of the control and the rest. */
function split(hits: string[]): { control: string[]; leaks: string[] } {
  return {
    control: hits.filter((hit) => hit.startsWith(CONTROL)),
    leaks: hits.filter((hit) => !hit.startsWith(CONTROL)),
  };
}

describe('raw IP addresses', () => {
  it('are in no table, column or file of an SQLite database', async () => {
    const db = join(work, 'private.db');
    const collector = await startCollector({
      db,
      port: await freePort(),
      manifest,
      extra: ['--trust-proxy', 'loopback'],
    });
    try {
      await sendFromEachAddress(collector);
    } finally {
      await collector.stop();
    }
    const connection = new DatabaseSync(db, { readOnly: true });
    try {
      const visitors = connection.prepare('SELECT DISTINCT visitor FROM events').all();
      expect(visitors, 'each address must reach the visitor hash').toHaveLength(IPS.length);
      const tables = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      const hits: string[] = [];
      let columnsScanned = 0;
      for (const { name } of tables) {
        for (const { name: column } of connection.prepare(`PRAGMA table_info("${name}")`).all()) {
          columnsScanned += 1;
          for (const needle of [...NEEDLES, CONTROL]) {
            const row = connection
              .prepare(
                `SELECT count(*) AS n FROM "${name}" WHERE instr(CAST("${column}" AS BLOB), CAST(? AS BLOB)) > 0`,
              )
              .get(needle) as { n: number };
            if (row.n > 0) hits.push(`${needle} in ${name}.${column}`);
          }
        }
      }
      expect(columnsScanned).toBeGreaterThan(20);
      expect(hits).toEqual([`${CONTROL} in events.token`]);
    } finally {
      connection.close();
    }
    const files = split(await foundInFiles(await filesUnder(work), [...NEEDLES, CONTROL]));
    expect(files.leaks).toEqual([]);
    expect(files.control.length).toBeGreaterThan(0);
  });

  it('are in no table, column or data file of a PostgreSQL database', async () => {
    const database = 'private';
    const url = pg.createDatabase(database);
    const collector = await startCollector({
      db: url,
      port: await freePort(),
      manifest,
      extra: ['--trust-proxy', 'loopback'],
    });
    try {
      await sendFromEachAddress(collector);
    } finally {
      await collector.stop();
    }
    expect(pg.psql(database, 'SELECT count(DISTINCT visitor) FROM sharecraft.events')).toEqual([String(IPS.length)]);
    const columns = pg
      .psql(
        database,
        "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_schema = 'sharecraft'",
      )
      .map((line) => line.split('|'));
    expect(columns.length).toBeGreaterThan(20);
    const probes = columns.flatMap(([schema, table, column]) =>
      [...NEEDLES, CONTROL].map(
        (needle) =>
          `SELECT '${needle} in ${table}.${column}' WHERE EXISTS (SELECT 1 FROM "${schema}"."${table}" WHERE position('${needle}' in "${column}"::text) > 0)`,
      ),
    );
    const hits = pg.psql(database, probes.join(' UNION ALL '));
    expect(hits).toEqual([`${CONTROL} in events.token`]);
    pg.psql(database, 'CHECKPOINT');
    const files = split(await foundInFiles(await filesUnder(pg.dataDir), [...NEEDLES, CONTROL]));
    expect(files.leaks).toEqual([]);
    expect(files.control.length).toBeGreaterThan(0);
  });
});
