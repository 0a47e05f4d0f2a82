import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from './paced-load.ts';

/** What one disk flush cost on this machine, in ms. */
export interface DiskFlush {
  p50: number;
  p99: number;
  max: number;
}

/**
 * Times `fdatasync` after an 8 KiB write, `count` times, in a file of `dir` (the benchmark's own
 * folder, on the disk the databases use). A durable acknowledgement waits for at least one such
 * flush, so the collector's p99 can never be below this disk's: the benchmark prints it beside its
 * table, so runs on different machines can be told apart.
 */
export function measureDiskFlush(dir: string, count = 200): DiskFlush {
  const file = join(dir, 'flush-probe.bin');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(8192, 0x5a);
  const times = new Float64Array(count);
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      // Rewrites the first 512 KiB over and over, as SQLite reuses its WAL file.
      writeSync(fd, block, 0, block.length, (i % 64) * block.length);
      fdatasyncSync(fd);
      times[i] = performance.now() - started;
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort();
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: percentile(times, 100) };
}
