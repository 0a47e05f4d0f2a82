/**
 * The benchmark's named peer: how Umami writes, one INSERT (and so one commit and one disk flush)
 * per event, on the same SQLite settings (WAL, synchronous=FULL) and the same validation, on the
 * main thread. It acknowledges after the write, like Sharecraft, so the two compare like for like.
 *
 * Usage: node naive-peer.ts <db file> <port>
 */
import { DatabaseSync } from 'node:sqlite';
import { decodeEventBatch, MAX_BATCH_BYTES } from '@sharecraft/protocol';
import { serve } from 'srvx';

const [file, port] = process.argv.slice(2);
if (!file || !port) throw new Error('usage: node naive-peer.ts <db file> <port>');

const db = new DatabaseSync(file);
db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
  CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, kind TEXT NOT NULL, page_id TEXT NOT NULL, body TEXT NOT NULL, received_at INTEGER NOT NULL) STRICT;`);
const insert = db.prepare('INSERT OR IGNORE INTO events (id, kind, page_id, body, received_at) VALUES (?, ?, ?, ?, ?)');

const server = serve({
  port: Number(port),
  hostname: '127.0.0.1',
  silent: true,
  async fetch(request) {
    if (new URL(request.url).pathname === '/healthz') return new Response('ok');
    const body = await request.text();
    if (body.length > MAX_BATCH_BYTES) return new Response('too large', { status: 413 });
    const decoded = decodeEventBatch(body);
    if (!decoded.ok) return Response.json({ reason: decoded.reason }, { status: 400 });
    const now = Date.now();
    for (const event of decoded.batch.e) insert.run(event.i, event.k, event.p, JSON.stringify(event), now);
    return Response.json({ accepted: decoded.batch.e.length }, { status: 202 });
  },
});
await server.ready();
process.on('SIGTERM', () => {
  void server.close().then(() => {
    db.close();
    process.exit(0);
  });
});
