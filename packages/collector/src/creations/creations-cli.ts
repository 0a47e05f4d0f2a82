import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CREATION_KINDS,
  CREATION_STATUSES,
  type CreationKind,
  type CreationRecord,
  type CreationStatus,
  LETTER_STATUSES,
} from '@sharecraft/protocol';
import { deployHookUrl, UsageError } from '../serve-options.js';
import { isPostgresUrl, openStore } from '../storage/open-store.js';
import type { CreationStore } from './creation-store.js';
import { callDeployHook, changesPublished } from './deploy-hook.js';

/** The help text of `sharecraft creations`. */
export const CREATIONS_HELP = `Usage:
  sharecraft creations list [--status <s>] [--kind creation|letter] [--page <id>] [--limit <n>] [--json]
                                   newest first, as a table (or CreationRecord[] as JSON)
  sharecraft creations show <id> [--json]
                                   every field, the email, the links, the image's type and size
  sharecraft creations approve|reject|spam <id>...
                                   set the status of creations (spam also applies to letters)
  sharecraft creations pending <id>...
                                   put creations back in the queue
  sharecraft creations read|unread <id>...
                                   mark letters read or unread (letters are never published)
  sharecraft creations delete <id>...
                                   delete for good: the row, the image and the email
  (approve, reject, spam, pending and delete call the deploy hook once at the end when one
   changed what the site publishes and --deploy-hook or SHARECRAFT_DEPLOY_HOOK is set)
  sharecraft creations export [--approved] [--out <file>] [--images <dir>]
                                   CreationRecord[] as JSON, to stdout or a file; --approved: only
                                   approved creations and mentions, without emails or letters (for publication);
                                   --images: also write each image to <dir>/<id>.<ext>, and point
                                   its image.url at that file name

Options for creations (each also read from the environment variable shown):
  --db <file|url>     SQLite file or postgres:// URL, as for serve    SHARECRAFT_DB   (./sharecraft.db)
  --status <s>        ${[...CREATION_STATUSES, ...LETTER_STATUSES].join(', ')}
  --kind <k>          ${CREATION_KINDS.join(' or ')}
  --page <id>         only this post (its page id, as the manifest lists it)
  --limit <n>         at most n (default 100)
  --deploy-hook <url> the build hook to POST after a change to what   SHARECRAFT_DEPLOY_HOOK (none)
                      is published, as for serve

Exit codes: 0 done; 1 an id matched nothing or the database failed; 2 a mistake in the command line.
`;

/** The database named does not exist: exit code 1, nothing is created. */
export class DatabaseMissing extends Error {}

/** Where the command writes; the process's streams by default. */
export interface CreationsOutput {
  out(text: string): void;
  err(text: string): void;
  /** Width tables fit in: the terminal's, else `COLUMNS`, else 160 (piped output). */
  columns?: number | undefined;
}

const STATUS_ACTIONS = {
  approve: 'approved',
  reject: 'rejected',
  spam: 'spam',
  pending: 'pending',
  read: 'read',
  unread: 'unread',
} as const satisfies Record<string, CreationStatus>;
type StatusAction = keyof typeof STATUS_ACTIONS;

const SUBCOMMANDS = ['list', 'show', 'delete', 'export', ...Object.keys(STATUS_ACTIONS)];

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/**
 * Reader text made safe for a terminal: control characters (escape sequences that could rewrite
 * the screen) and bidirectional overrides become U+FFFD; line breaks and tabs stay when `keepLines`.
 */
export function terminalSafe(text: string, keepLines = false): string {
  return text.replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, (char) =>
    keepLines && (char === '\n' || char === '\t') ? char : '\ufffd',
  );
}

/** Fits `text` in `width` columns, ending with … when it is cut; line breaks become spaces. */
function fit(text: string, width: number): string {
  const flat = terminalSafe(text.replace(/[\r\n\t]+/g, ' '));
  const chars = [...flat];
  return chars.length <= width ? flat.padEnd(width) : `${chars.slice(0, width - 1).join('')}…`;
}

function label(record: CreationRecord): string {
  return record.title.trim() ? terminalSafe(JSON.stringify(record.title)) : '(untitled)';
}

function bytes(count: number): string {
  return count < 1024
    ? `${count} B`
    : count < 1024 * 1024
      ? `${(count / 1024).toFixed(1)} KB`
      : `${(count / 1024 / 1024).toFixed(1)} MB`;
}

interface Column {
  name: string;
  /** Fixed columns are as wide as their widest value; flexible ones share what is left by weight. */
  width?: number;
  weight?: number;
  value(record: CreationRecord): string;
}

/** Columns a narrow terminal drops first, in order, before any is cut below `MIN_FLEXIBLE`. */
const DROPPABLE = ['POST', 'VERIFIED', 'CREDIT'];
const MIN_FLEXIBLE = 24;

/**
 * A table of creations that fits `columns`: the id, kind, status and date whole, the post, title
 * and credit sharing the rest (cut with …); a terminal too narrow for all drops the post, then the
 * verified flag, then the credit.
 */
export function formatTable(records: readonly CreationRecord[], columns = 160): string {
  if (records.length === 0) return 'No creations match.\n';
  let all: Column[] = [
    { name: 'ID', value: (r) => r.id },
    { name: 'KIND', value: (r) => r.kind },
    { name: 'STATUS', value: (r) => r.status },
    { name: 'VERIFIED', value: (r) => (r.verified ? 'yes' : 'no') },
    { name: 'DATE', value: (r) => `${r.createdAt.slice(0, 10)} ${r.createdAt.slice(11, 16)}` },
    { name: 'POST', weight: 0.35, value: (r) => r.postUrl.replace(/^https?:\/\/[^/]+/, '') || '/' },
    { name: 'TITLE', weight: 0.45, value: (r) => r.title || '(untitled)' },
    { name: 'CREDIT', weight: 0.2, value: (r) => r.credit },
  ];
  for (const column of all) {
    if (column.weight === undefined) {
      column.width = Math.max(column.name.length, ...records.map((record) => [...column.value(record)].length));
    }
  }
  const room = () =>
    columns -
    2 * (all.length - 1) -
    all.reduce((sum, column) => sum + (column.weight === undefined ? (column.width ?? 0) : 0), 0);
  for (const name of DROPPABLE) {
    if (room() >= MIN_FLEXIBLE) break;
    all = all.filter((column) => column.name !== name);
  }
  const left = Math.max(MIN_FLEXIBLE, room());
  const weights = all.reduce((sum, column) => sum + (column.weight ?? 0), 0);
  const flexible = all.filter((column) => column.weight !== undefined);
  let given = 0;
  for (const [index, column] of flexible.entries()) {
    column.width =
      index === flexible.length - 1 ? left - given : Math.floor((left * (column.weight as number)) / weights);
    given += column.width;
  }
  const line = (cells: string[]) => `${cells.join('  ').trimEnd()}\n`;
  return (
    line(all.map((column) => fit(column.name, column.width as number))) +
    records.map((record) => line(all.map((column) => fit(column.value(record), column.width as number)))).join('')
  );
}

/** Every field of one creation, one per line. */
export function formatRecord(record: CreationRecord): string {
  const rows: [string, string][] = [
    ['id', record.id],
    ['kind', record.kind],
    ['status', record.status],
    ['verified', record.verified ? 'yes (proof of work)' : 'no (sent without JavaScript)'],
    ['received', record.createdAt],
    ['moderated', record.moderatedAt ?? 'never'],
    ['form', record.formId],
    ['page', record.pageId],
    ['post', record.postUrl],
    ['title', record.title],
    ['credit', record.credit],
    ['email', record.email ?? '(none)'],
    ['consent', record.consent ? 'yes' : 'no'],
    ['licence', record.licence ?? '(none)'],
    ['quote', record.quote ?? '(none)'],
    ['token', record.token ?? '(none)'],
    ...record.links.map((link, index): [string, string] => [`link ${index + 1}`, link]),
    [
      'image',
      record.image
        ? `${record.image.type}, ${record.image.width}×${record.image.height}, ${bytes(record.image.bytes)}, alt ${JSON.stringify(record.image.alt)}`
        : '(none)',
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `${`${name}:`.padEnd(width + 2)}${terminalSafe(value)}`);
  return `${lines.join('\n')}\n\n${terminalSafe(record.text, true)}\n`;
}

/** A record as an export meant for publication gives it: no email. */
function publishable(record: CreationRecord): CreationRecord {
  const { email: _email, ...rest } = record;
  return rest;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

async function run(
  creations: CreationStore,
  command: string,
  values: Record<string, string | boolean | undefined>,
  ids: string[],
  io: CreationsOutput,
  published: string[],
): Promise<number> {
  const json = values.json === true;
  if (command === 'list') {
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
      throw new UsageError(`--limit must be a whole number from 1 to 100000; got ${JSON.stringify(values.limit)}`);
    }
    const records = await creations.list({
      ...(values.status ? { status: values.status as CreationStatus } : {}),
      ...(values.kind ? { kind: values.kind as CreationKind } : {}),
      ...(values.page ? { pageId: values.page as string } : {}),
      limit,
    });
    io.out(json ? `${JSON.stringify(records, null, 2)}\n` : formatTable(records, io.columns));
    return 0;
  }
  if (command === 'export') {
    const all = await creations.list({
      // Approved: creations and mentions (letters are never approved).
      ...(values.approved ? { status: 'approved' as const } : {}),
      limit: Number.MAX_SAFE_INTEGER,
    });
    const records = values.approved ? all.map(publishable) : all;
    if (typeof values.images === 'string') {
      const dir = resolve(values.images);
      await mkdir(dir, { recursive: true });
      for (const record of records) {
        if (!record.image) continue;
        const image = await creations.image(record.id);
        if (!image) continue;
        const file = `${record.id}.${EXTENSIONS[image.type] ?? 'bin'}`;
        await writeFile(resolve(dir, file), image.bytes);
        record.image = { ...record.image, url: file };
      }
    }
    const text = `${JSON.stringify(records, null, 2)}\n`;
    if (typeof values.out === 'string') {
      await writeFile(resolve(values.out), text);
      io.err(`Exported ${records.length} ${records.length === 1 ? 'entry' : 'entries'} to ${values.out}.\n`);
    } else {
      io.out(text);
    }
    return 0;
  }

  if (ids.length === 0) throw new UsageError(`\`sharecraft creations ${command}\` needs at least one id`);
  let failed = 0;
  const missing = (id: string) => {
    failed++;
    io.err(`sharecraft: no creation has the id ${JSON.stringify(id)}; \`sharecraft creations list\` shows the ids\n`);
  };
  for (const id of ids) {
    const record = await creations.get(id);
    if (!record) {
      missing(id);
      continue;
    }
    if (command === 'show') {
      io.out(json ? `${JSON.stringify(record, null, 2)}\n` : formatRecord(record));
      continue;
    }
    if (command === 'delete') {
      if (!(await creations.delete(id))) {
        missing(id);
        continue;
      }
      if (changesPublished(record.status, undefined)) published.push(id);
      const gone = [
        'the entry',
        ...(record.image ? [`its ${record.image.type} image (${bytes(record.image.bytes)})`] : []),
        ...(record.email ? ['its email'] : []),
      ];
      io.out(`Deleted ${record.kind} ${id} ${label(record)}: ${gone.join(', ')}.\n`);
      continue;
    }
    const action = command as StatusAction;
    const status = STATUS_ACTIONS[action];
    const fits =
      record.kind === 'letter'
        ? (LETTER_STATUSES as readonly string[]).includes(status) || status === 'spam'
        : (CREATION_STATUSES as readonly string[]).includes(status);
    if (!fits) {
      failed++;
      io.err(
        record.kind === 'letter'
          ? `sharecraft: ${id} is a letter: letters are only read, never published; use \`sharecraft creations read ${id}\` (or spam)\n`
          : `sharecraft: ${id} is a creation: read and unread are for letters; use approve, reject, spam or pending\n`,
      );
      continue;
    }
    if (record.status === status) {
      io.out(`${id} ${label(record)} was already ${status}.\n`);
      continue;
    }
    if (!(await creations.setStatus(id, status, Date.now()))) {
      missing(id);
      continue;
    }
    if (changesPublished(record.status, status)) published.push(id);
    io.out(`${id} ${label(record)}: ${record.status} → ${status}.\n`);
  }
  return failed > 0 ? 1 : 0;
}

/**
 * `sharecraft creations <command> …`: moderation from the terminal, on the database `serve` uses.
 * Resolves with the exit code; throws `UsageError` for a mistake in the command line.
 */
export async function creationsCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CreationsOutput = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    columns: process.stdout.isTTY ? process.stdout.columns : Number(env.COLUMNS) || 160,
  },
): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '-h' || command === '--help' || rest.includes('-h') || rest.includes('--help')) {
    io.out(CREATIONS_HELP);
    return 0;
  }
  if (!SUBCOMMANDS.includes(command)) {
    throw new UsageError(
      `unknown command \`creations ${command}\`; try one of ${SUBCOMMANDS.join(', ')} (see \`sharecraft creations --help\`)`,
    );
  }
  const flags = {
    list: ['db', 'status', 'kind', 'page', 'limit', 'json'],
    show: ['db', 'json'],
    export: ['db', 'approved', 'out', 'images'],
  }[command] ?? ['db', 'deploy-hook'];
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      status: { type: 'string' },
      kind: { type: 'string' },
      page: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      approved: { type: 'boolean' },
      out: { type: 'string' },
      images: { type: 'string' },
      'deploy-hook': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const extra = Object.keys(values).find((flag) => !flags.includes(flag));
  if (extra) throw new UsageError(`\`creations ${command}\` takes no --${extra} (see \`sharecraft creations --help\`)`);
  oneOf('--status', values.status, [...CREATION_STATUSES, ...LETTER_STATUSES]);
  oneOf('--kind', values.kind, CREATION_KINDS);
  if (['list', 'export'].includes(command) && positionals.length > 0) {
    throw new UsageError(`\`creations ${command}\` takes no ids; got ${JSON.stringify(positionals[0])}`);
  }

  const hook = ['list', 'show', 'export'].includes(command)
    ? undefined
    : deployHookUrl(values['deploy-hook'] ?? env.SHARECRAFT_DEPLOY_HOOK);
  const spec = values.db ?? env.SHARECRAFT_DB ?? 'sharecraft.db';
  const db = isPostgresUrl(spec) ? spec : resolve(spec);
  if (!isPostgresUrl(db) && !existsSync(db)) {
    throw new DatabaseMissing(
      `there is no database at ${db}; pass the one \`sharecraft serve\` uses with --db (or SHARECRAFT_DB)`,
    );
  }
  const store = await openStore(db);
  const published: string[] = [];
  let code: number;
  try {
    code = await run(store.creations, command, values, positionals, io, published);
  } finally {
    await store.close();
  }
  if (hook && published.length > 0) await callHook(hook, published, io, hookRetryDelaysMs);
  return code;
}

/** Waits before each retry of the CLI's one deploy-hook call: short, a person is waiting. */
const CLI_HOOK_RETRY_DELAYS_MS = [1000, 3000];

const hookRetryDelaysMs: readonly number[] = CLI_HOOK_RETRY_DELAYS_MS;

/**
 * Calls the deploy hook once for the whole run, retrying briefly; a hook that keeps failing is
 * reported on stderr but does not undo (or fail) the moderation itself.
 */
async function callHook(url: string, ids: string[], io: CreationsOutput, delays: readonly number[]): Promise<void> {
  for (let n = 0; ; n++) {
    const problem = await callDeployHook(url, ids);
    if (problem === undefined) {
      io.out(`Deploy hook called: the site rebuilds with ${ids.length} changed creation(s).\n`);
      return;
    }
    const delay = delays[n];
    if (delay === undefined) {
      io.err(
        `sharecraft: the deploy hook failed after ${n + 1} attempts (${problem}); the change is saved: rebuild the site yourself\n`,
      );
      return;
    }
    await new Promise((done) => setTimeout(done, delay));
  }
}
