import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_PATH } from '@sharecraft/protocol';
import { buildFixture, type FixtureBuild } from './build-fixture.js';
import { type CollectorProcess, freePort, type RunningProcess, startCollector, startPreview } from './processes.js';

export interface PublishedSite {
  build: FixtureBuild;
  collector: CollectorProcess;
  preview: RunningProcess;
  /** The collector's SQLite file. */
  db: string;
  /** Stops the collector (so it is truly unreachable: no request of any kind gets through). */
  stopCollector(): Promise<void>;
  /** Starts the collector again on the same port, file and manifest. */
  startCollector(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fixture as a reader meets it: built by Astro with the beacon pointed at a real collector
 * (`sharecraft serve` on an SQLite file, its manifest loaded), served by `astro preview`.
 */
export async function publishFixture(fixture: string, options?: Record<string, unknown>): Promise<PublishedSite> {
  const work = await mkdtemp(join(tmpdir(), `sharecraft-${fixture}-`));
  const db = join(work, 'events.db');
  const collectorPort = await freePort();
  const build = await buildFixture(fixture, {
    outDir: join(work, 'site'),
    endpoint: `http://127.0.0.1:${collectorPort}/api/events`,
    ...(options ? { options } : {}),
  });
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
  const start = () => startCollector({ db, port: collectorPort, manifest: join(build.outDir, MANIFEST_PATH) });
  const collector = await start();
  const preview = await startPreview(fixture, build.outDir, await freePort());
  let running = true;
  const site: PublishedSite = {
    build,
    collector,
    preview,
    db,
    async stopCollector() {
      await site.collector.stop();
      running = false;
    },
    async startCollector() {
      site.collector = await start();
      running = true;
    },
    async close() {
      await preview.stop();
      if (running) await site.collector.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
  return site;
}
