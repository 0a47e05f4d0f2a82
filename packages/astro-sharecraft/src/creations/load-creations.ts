import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { CREATIONS_PATH, type CreationRecord, creationRecordSchema } from '@sharecraft/protocol';
import { AstroError } from 'astro/errors';
import type { CreationSource } from '../options.js';

/** Kinds a build ever shows: creations, and webmentions a moderator approved. Letters never. */
export const PUBLISHED_KINDS: readonly string[] = ['creation', 'mention'];

/** How long the build waits for the collector, per request. */
const FETCH_TIMEOUT_MS = 30_000;

/** Most creations one build reads from the collector (the owner API's own limit). */
const COLLECTOR_LIMIT = 1000;

/** An approved creation as a source gave it, with its image's bytes when it has one. */
export interface LoadedCreation {
  /** The record without the email (never published). */
  record: Omit<CreationRecord, 'email'>;
  image: { type: string; bytes: Uint8Array } | null;
}

/** What a source gave: the approved creations, and where they came from (for messages). */
export interface LoadedCreations {
  creations: LoadedCreation[];
  /** The file path or the collector URL the creations came from. */
  from: string;
}

/** A source that could not be read: fails the build, unless a fallback is set. */
export class CreationsSourceError extends AstroError {}

/** The parts of a logger the loading needs (the integration's, or a content loader's). */
export interface LoadLogger {
  warn(message: string): void;
}

/** Options for reading a source. */
export interface LoadOptions {
  /** Folder that relative paths start from (the project root). */
  root: string;
  /** Where the token variable is read; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  logger: LoadLogger;
}

const SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  'image/png': (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) =>
    String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP',
};

/** Whether `bytes` really are an image of `type` (the only types a creation may carry). */
export function isImageOfType(bytes: Uint8Array, type: string): boolean {
  return SIGNATURES[type]?.(bytes) ?? false;
}

/**
 * Checks what a source gave against the creation contract and keeps what may be published:
 * approved creations and mentions, without emails. `where` names the source in errors.
 */
export function publishedRecords(value: unknown, where: string): Omit<CreationRecord, 'email'>[] {
  if (!Array.isArray(value)) {
    throw new CreationsSourceError(
      `${where} is not a list of creations (a JSON array).`,
      'Write it with `sharecraft creations export --approved --out <file> --images <dir>`.',
    );
  }
  const published: Omit<CreationRecord, 'email'>[] = [];
  for (const [index, entry] of value.entries()) {
    const parsed = creationRecordSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || '(the entry)';
      const id = typeof entry === 'object' && entry && 'id' in entry ? ` (id ${JSON.stringify(entry.id)})` : '';
      throw new CreationsSourceError(
        `Creation ${index + 1}${id} in ${where} is not a creation record: \`${field}\`: ${issue?.message ?? 'invalid'}.`,
        'Export it again with `sharecraft creations export --approved` from the same version of the collector as this site.',
      );
    }
    const { email: _email, ...record } = parsed.data;
    if (record.status === 'approved' && PUBLISHED_KINDS.includes(record.kind)) published.push(record);
  }
  return published;
}

function hintForFile(file: string): string {
  return `Write it with \`sharecraft creations export --approved --out ${file} --images <dir>\` (and set \`images\` to that folder), or fix the path in \`creations.source\`.`;
}

/** Reads an export file and the images beside it. */
export async function loadFile(
  source: { file: string; images?: string | undefined },
  options: LoadOptions,
): Promise<LoadedCreations> {
  const file = resolve(options.root, source.file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CreationsSourceError(
      `Sharecraft cannot read the creations file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      hintForFile(source.file),
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CreationsSourceError(
      `The creations file ${file} is not valid JSON: ${(error as Error).message}.`,
      hintForFile(source.file),
    );
  }
  const records = publishedRecords(value, file);
  const folder = source.images ? resolve(options.root, source.images) : dirname(file);
  const creations: LoadedCreation[] = [];
  for (const record of records) {
    if (!record.image) {
      creations.push({ record, image: null });
      continue;
    }
    const url = record.image.url;
    if (/^[a-z]+:/i.test(url) || url.startsWith('/') || isAbsolute(url)) {
      throw new CreationsSourceError(
        `Creation ${record.id} in ${file} points at its image on the collector (${url}), not at a file.`,
        'Export with `--images <dir>` so each image is written beside the file, and set `images` to that folder.',
      );
    }
    const path = resolve(folder, url);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch {
      throw new CreationsSourceError(
        `The image of creation ${record.id} in ${file} is not at ${path}.`,
        `Set \`images\` in \`creations.source\` to the folder given to \`--images\` when exporting (it is ${source.images ? `now ${JSON.stringify(source.images)}` : "now the file's own folder"}).`,
      );
    }
    if (!isImageOfType(bytes, record.image.type)) {
      throw new CreationsSourceError(
        `The image of creation ${record.id} (${path}) is not the ${record.image.type} its record says.`,
        'Export the creations again: the image file does not belong to this record.',
      );
    }
    creations.push({ record, image: { type: record.image.type, bytes } });
  }
  return { creations, from: source.file };
}

/** What a refusal from the collector says (`{ error, reason }`), for messages. */
async function refusal(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { error?: string; reason?: string } | undefined;
  return body?.reason ? `${response.status} ${body.error ?? ''}: ${body.reason}` : String(response.status);
}

/** Reads the approved creations and their images from the collector's owner API. */
export async function loadCollector(
  source: { collector: string; token: string },
  options: LoadOptions,
): Promise<LoadedCreations> {
  const base = source.collector.replace(/\/+$/, '');
  const url = `${base}${CREATIONS_PATH}?status=approved&limit=${COLLECTOR_LIMIT}`;
  const token = (options.env ?? process.env)[source.token];
  if (!token) {
    throw new CreationsSourceError(
      `Sharecraft needs the collector's admin token to read approved creations from ${url}, and the environment variable ${source.token} is not set.`,
      `Set ${source.token} to the token the collector runs with (\`--admin-token\` or SHARECRAFT_ADMIN_TOKEN of \`sharecraft serve\`), or add \`fallback: 'creations.json'\` to \`creations.source\`.`,
    );
  }
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const get = async (target: string) => {
    try {
      return await fetch(target, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CreationsSourceError(
        `Sharecraft cannot reach the collector at ${target}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
        "Check that `sharecraft serve` runs and that `creations.source.collector` is its URL, or add `fallback: 'creations.json'` (an export) to `creations.source` to build without it.",
      );
    }
  };
  const response = await get(url);
  if (response.status === 401) {
    throw new CreationsSourceError(
      `The collector at ${url} refused the admin token in ${source.token} (401).`,
      `Set ${source.token} to the same token as the collector's \`--admin-token\` (SHARECRAFT_ADMIN_TOKEN).`,
    );
  }
  if (!response.ok) {
    throw new CreationsSourceError(
      `The collector at ${url} did not list creations: ${await refusal(response)}.`,
      'Check the collector (`sharecraft serve --help`), or add `fallback` to `creations.source` to build from an export file.',
    );
  }
  let value: unknown;
  try {
    value = await response.json();
  } catch {
    throw new CreationsSourceError(
      `The collector at ${url} answered with something that is not JSON.`,
      'Check that `creations.source.collector` is the URL of `sharecraft serve`, not of another site.',
    );
  }
  const records = publishedRecords(value, url);
  if (Array.isArray(value) && value.length >= COLLECTOR_LIMIT) {
    options.logger.warn(
      `The collector at ${base} gave ${COLLECTOR_LIMIT} creations, its most in one answer: older ones may be missing.`,
    );
  }
  const creations: LoadedCreation[] = [];
  for (const record of records) {
    if (!record.image) {
      creations.push({ record, image: null });
      continue;
    }
    const target = record.image.url.startsWith('/')
      ? `${base}${record.image.url}`
      : new URL(record.image.url, `${base}/`).href;
    // The token goes to the collector's own origin only.
    if (new URL(target).origin !== new URL(base).origin) {
      throw new CreationsSourceError(
        `The collector at ${base} lists the image of creation ${record.id} on another origin (${target}); Sharecraft sends its token nowhere else.`,
        'Check that `creations.source.collector` is the URL of `sharecraft serve`.',
      );
    }
    const answer = await get(target);
    if (!answer.ok) {
      throw new CreationsSourceError(
        `The collector did not give the image of creation ${record.id} (${target}): ${await refusal(answer)}.`,
        'Check the collector, or add `fallback` to `creations.source` to build from an export file.',
      );
    }
    const bytes = new Uint8Array(await answer.arrayBuffer());
    if (!isImageOfType(bytes, record.image.type)) {
      throw new CreationsSourceError(
        `The image of creation ${record.id} from ${target} is not the ${record.image.type} its record says.`,
        'Check that `creations.source.collector` is the URL of `sharecraft serve`.',
      );
    }
    creations.push({ record, image: { type: record.image.type, bytes } });
  }
  return { creations, from: base };
}

/**
 * Reads approved creations from `creations.source`. A collector that cannot be read fails with a
 * `CreationsSourceError`, unless the source names a `fallback` file: then it warns and reads that.
 */
export async function loadCreations(source: CreationSource, options: LoadOptions): Promise<LoadedCreations> {
  if ('file' in source) return loadFile(source, options);
  try {
    return await loadCollector(source, options);
  } catch (error) {
    if (!(error instanceof CreationsSourceError) || source.fallback === undefined) throw error;
    const fallback = typeof source.fallback === 'string' ? { file: source.fallback } : source.fallback;
    options.logger.warn(`${error.message} Using the fallback file ${fallback.file} instead.`);
    return loadFile(fallback, options);
  }
}
