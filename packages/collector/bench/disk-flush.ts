import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      // Rewrites the first 512 KiB over and over, as SQLite reuses its WAL file.
      writeSync(fd, block, 0, block.length, (i % 64) * block.length);
      fdatasyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] as number;
  return { p50: at(0.5), p99: at(0.99), max: times[times.length - 1] as number };
}
