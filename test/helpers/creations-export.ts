import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import { type NewCreation, openSqliteStore } from '../../packages/collector/dist/index.js';
import { REPO_ROOT } from './build-fixture.js';

const CLI = join(REPO_ROOT, 'packages/collector/dist/cli.js');

/** Runs the collector's CLI (`sharecraft …`) as an owner would. */
export function sharecraftCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let sequence = 0;

/** A pending creation for the post at `path` of `https://gallery.example`, as the form would store it. */
export function newCreation(path: string, overrides: Partial<NewCreation> = {}): NewCreation {
  sequence += 1;
  return {
    id: `gx${sequence}${randomBytes(5).toString('hex')}`,
    kind: 'creation',
    status: 'pending',
    formId: 'end',
    pageId: derivePageId(path),
    postUrl: `https://gallery.example${path}`,
    title: `Creation ${sequence}`,
    text: 'Made after reading the post.',
    links: [],
    credit: 'A reader',
    email: `reader${sequence}@mail.example`,
    consent: true,
    licence: 'cc-by-4.0',
    quote: null,
    token: null,
    verified: true,
    receiptHash: createHash('sha256')
      .update(`receipt-${sequence}-${randomBytes(4).toString('hex')}`)
      .digest('hex'),
    textHash: createHash('sha256')
      .update(`text-${sequence}-${randomBytes(4).toString('hex')}`)
      .digest('hex'),
    image: null,
    createdAt: Date.UTC(2026, 10, 1, 9, sequence),
    ...overrides,
  };
}

/**
 * Stores `creations` in a fresh SQLite file under `work`, approves `approve` with the CLI, and
 * exports the approved ones as `sharecraft creations export --approved --out … --images …` does:
 * what `creations.source: { file, images }` reads.
 */
export async function exportApproved(
  work: string,
  creations: readonly NewCreation[],
  approve: readonly NewCreation[],
): Promise<{ file: string; images: string }> {
  const db = join(work, 'collector.db');
  const store = await openSqliteStore(db);
  for (const entry of creations) await store.creations.insert(entry);
  await store.close();
  const approval = await sharecraftCli(['creations', 'approve', ...approve.map((entry) => entry.id), '--db', db]);
  if (approval.code !== 0) throw new Error(`approve failed: ${approval.stderr}`);
  const file = join(work, 'export', 'creations.json');
  const images = join(work, 'export', 'images');
  const exported = await sharecraftCli([
    'creations',
    'export',
    '--approved',
    '--out',
    file,
    '--images',
    images,
    '--db',
    db,
  ]);
  if (exported.code !== 0) throw new Error(`export failed: ${exported.stderr}`);
  return { file, images };
}
