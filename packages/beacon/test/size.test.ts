import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** The beacon ships on every post: its budget, minified and gzip -9, in bytes. */
const BUDGET = 800;

describe('beacon size', () => {
  it(`stays within ${BUDGET} bytes minified and gzipped`, () => {
    const minified = readFileSync(new URL('../dist/beacon.min.js', import.meta.url));
    const size = gzipSync(minified, { level: 9 }).byteLength;
    console.log(`beacon: ${minified.byteLength} B minified, ${size} B gzip -9`);
    expect(size).toBeLessThanOrEqual(BUDGET);
  });
});
