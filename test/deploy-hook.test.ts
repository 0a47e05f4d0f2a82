/**
 * `--deploy-hook`: the real collector process, a real SQLite file, and a real HTTP receiver on
 * loopback standing in for a static host's build hook. Approvals on /admin close together make one
 * call; a hook answering 500 is called again; rejecting a pending creation calls nothing; taking
 * one down (un-approving, or the reader deleting it) calls it; the CLI calls it once per run.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREATION_RECEIPT_PATH, derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NewCreation, openSqliteStore } from '../packages/collector/dist/index.js';
import { REPO_ROOT } from './helpers/build-fixture.js';
import { type CollectorProcess, freePort, startCollector } from './helpers/processes.js';

const CLI = join(REPO_ROOT, 'packages/collector/dist/cli.js');
const TOKEN = 'hook-test-admin-token-0123456789abcdef';
/** Long enough that a few requests in a row always land inside it, even on a busy machine. */
const DELAY_S = 4;

interface Call {
  ids: string[];
  event: string;
}

/** A build hook on loopback: records every POST, answers with the next queued status (else 200). */
class Receiver {
  calls: Call[] = [];
  answers: number[] = [];
  private server: Server;
  private waiters: (() => void)[] = [];
  url = '';

  constructor() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        const parsed = JSON.parse(body) as Call;
        this.calls.push(parsed);
        response.statusCode = this.answers.shift() ?? 200;
        response.end();
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  async start() {
    const port = await freePort();
    await new Promise<void>((done) => this.server.listen(port, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${port}/build_hooks/secret-part`;
  }

  /** Resolves once `count` calls have arrived (the test's own timeout is the limit). */
  async until(count: number) {
    while (this.calls.length < count) await new Promise<void>((wake) => this.waiters.push(wake));
    return this.calls;
  }

  stop() {
    return new Promise<void>((done) => this.server.close(() => done()));
  }
}

/** Resolves once `check` holds, looking again every 100 ms (the test's own timeout is the limit). */
async function eventually(check: () => boolean) {
  while (!check()) await new Promise((wake) => setTimeout(wake, 100));
}

type Seeded = NewCreation & { secret: string };

let sequence = 0;
function creation(overrides: Partial<NewCreation> = {}): Seeded {
  sequence += 1;
  const secret = randomBytes(16).toString('hex');
  return {
    id: `hook${sequence}${randomBytes(4).toString('hex')}`,
    kind: 'creation',
    status: 'pending',
    formId: 'end',
    pageId: derivePageId('/blog/lighthouse'),
    postUrl: 'https://blog.example/blog/lighthouse/',
    title: `Lighthouse ${sequence}`,
    text: 'Drawn after reading the post.',
    links: [],
    credit: 'Ada',
    email: null,
    consent: true,
    licence: 'cc-by-4.0',
    quote: null,
    token: null,
    verified: true,
    receiptHash: createHash('sha256').update(secret).digest('hex'),
    textHash: createHash('sha256').update(`text-${sequence}-${secret}`).digest('hex'),
    image: null,
    createdAt: Date.now(),
    secret,
    ...overrides,
  };
}

async function seed(db: string, entries: NewCreation[]) {
  const store = await openSqliteStore(db);
  for (const entry of entries) await store.creations.insert(entry);
  await store.close();
}

function sharecraft(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let work: string;
let receiver: Receiver;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-deploy-hook-'));
  receiver = new Receiver();
  await receiver.start();
});

afterAll(async () => {
  await receiver?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('sharecraft serve --deploy-hook', () => {
  const entries = Array.from({ length: 6 }, () => creation());
  const [a, b, c, d, e, f] = entries as [Seeded, Seeded, Seeded, Seeded, Seeded, Seeded];
  let collector: CollectorProcess;
  let cookie = '';
  let csrf = '';

  beforeAll(async () => {
    const db = join(work, 'serve.db');
    await seed(db, entries);
    collector = await startCollector({
      db,
      port: await freePort(),
      extra: ['--deploy-hook', receiver.url, '--deploy-hook-delay', String(DELAY_S)],
      env: { SHARECRAFT_ADMIN_TOKEN: TOKEN },
    });
    const signedIn = await fetch(`${collector.url}/admin/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKEN }),
    });
    cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await (await fetch(`${collector.url}/admin`, { headers: { cookie } })).text();
    csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(csrf).not.toBe('');
  });

  afterAll(async () => {
    await collector?.stop();
  });

  async function moderate(id: string, action: string) {
    const response = await fetch(`${collector.url}/admin/moderate`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrf, id, action, view: 'pending' }),
    });
    expect(response.status).toBe(303);
  }

  it('says where the hook goes without showing its secret path', () => {
    expect(collector.output()).toContain(`deploy hook: ${new URL(receiver.url).origin}/…`);
    expect(collector.output()).not.toContain('secret-part');
  });

  it('makes one call for several approvals in a row, naming them all', async () => {
    await moderate(a.id, 'approve');
    await moderate(b.id, 'approve');
    await moderate(c.id, 'approve');
    const calls = await receiver.until(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.event).toBe('sharecraft.creations.changed');
    expect(calls[0]?.ids.sort()).toEqual([a.id, b.id, c.id].sort());
    // The next change makes the next call: nothing else was queued behind the first one.
    await moderate(d.id, 'approve');
    await receiver.until(2);
    expect(receiver.calls).toHaveLength(2);
    expect(receiver.calls[1]?.ids).toEqual([d.id]);
  });

  it('calls nothing for rejecting a pending creation', async () => {
    receiver.calls = [];
    await moderate(e.id, 'reject');
    // A change that is published comes after it: its call is the only one, and names only it.
    await moderate(f.id, 'approve');
    await receiver.until(1);
    expect(receiver.calls).toEqual([expect.objectContaining({ ids: [f.id] })]);
  });

  it('retries a hook that answered 500, and logs it', async () => {
    receiver.calls = [];
    receiver.answers = [500];
    await moderate(a.id, 'reject');
    await receiver.until(2);
    expect(receiver.calls.map((call) => call.ids)).toEqual([[a.id], [a.id]]);
    expect(collector.output()).toMatch(/Deploy hook answered 500; retrying/);
    await eventually(() => collector.output().includes('Deploy hook called for 1 changed creation(s) (attempt 2).'));
  });

  it('calls it when a reader deletes their own approved creation', async () => {
    receiver.calls = [];
    const deleted = await fetch(`${collector.url}${CREATION_RECEIPT_PATH}/${b.id}.${b.secret}`, { method: 'POST' });
    expect(deleted.status).toBe(200);
    await receiver.until(1);
    expect(receiver.calls[0]?.ids).toEqual([b.id]);
  });
});

describe('sharecraft creations … with a deploy hook', () => {
  const entries = Array.from({ length: 4 }, () => creation());
  const [a, b, c, d] = entries as [Seeded, Seeded, Seeded, Seeded];
  let db: string;

  beforeAll(async () => {
    db = join(work, 'cli.db');
    await seed(db, entries);
  });

  it('calls the hook once for a run that approves several', async () => {
    receiver.calls = [];
    const run = await sharecraft(['creations', 'approve', a.id, b.id, '--db', db], {
      SHARECRAFT_DEPLOY_HOOK: receiver.url,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Deploy hook called');
    expect(receiver.calls).toHaveLength(1);
    expect(receiver.calls[0]?.ids.sort()).toEqual([a.id, b.id].sort());
  });

  it('calls nothing for rejecting pending creations, and nothing without a hook', async () => {
    receiver.calls = [];
    const rejected = await sharecraft(['creations', 'reject', c.id, '--db', db, '--deploy-hook', receiver.url], {});
    expect(rejected.code).toBe(0);
    const approved = await sharecraft(['creations', 'approve', d.id, '--db', db], {});
    expect(approved.code).toBe(0);
    expect(receiver.calls).toEqual([]);
  });

  it('says so when the hook keeps failing, and keeps the change', async () => {
    receiver.calls = [];
    receiver.answers = [503, 503, 503];
    const run = await sharecraft(['creations', 'pending', a.id, '--db', db, '--deploy-hook', receiver.url], {});
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/deploy hook failed after 3 attempts \(answered 503\).*rebuild the site yourself/);
    expect(receiver.calls).toHaveLength(3);
    const shown = await sharecraft(['creations', 'show', a.id, '--db', db, '--json'], {});
    expect(JSON.parse(shown.stdout).status).toBe('pending');
  });

  it('refuses a hook that is not a web address, with exit code 2', async () => {
    const run = await sharecraft(['creations', 'approve', c.id, '--db', db, '--deploy-hook', 'ftp://host/hook'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--deploy-hook takes an http:// or https:// URL');
    const serve = await sharecraft(['serve', '--db', join(work, 'x.db'), '--deploy-hook', 'not a url'], {});
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('--deploy-hook takes an http:// or https:// URL');
  });
});
