// What the manifest costs a build: `pnpm --filter astro-sharecraft bench:manifest [--cards] [--runs N]`.
//
// Writes a site of 1,000 Markdown posts (plus an index and tag pages) into a temporary folder, builds
// it with the workspace's Astro and this integration, a warm-up build and then `--runs` measured
// builds (5 by default), each a fresh `astro build` process as a site owner would run it. The
// integration's summary line reports the manifest step's own time ("manifest: N pages in X ms");
// its share of the build's wall time is the number this prints, with median and range. The goal:
// 5 % or less. `--cards` leaves share cards on (their cache is warm after the warm-up build, as in
// CI with a cached folder), which adds a card to every page of the manifest; without it, cards are off.
//
// Not a test: timings depend on the machine and its load, which the output states.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAverage, median, runAstroBuild } from './run.mjs';
import { writeSite } from './site.mjs';

const { values: args } = parseArgs({
  options: {
    cards: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    posts: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const postCount = Number(args.posts);

const SUMMARY = /manifest: (\d+) pages? in (\d+) ms/;

/** One `astro build` in its own process: its wall time and the manifest step's own time. */
async function build(root) {
  const { code, output, wallMs } = await runAstroBuild(root);
  const match = SUMMARY.exec(output);
  if (code !== 0 || !match) {
    throw new Error(`astro build ${code === 0 ? 'printed no manifest summary' : `failed (exit ${code})`}:\n${output}`);
  }
  return { buildMs: wallMs, pages: Number(match[1]), manifestMs: Number(match[2]) };
}

const load = loadAverage;

const root = mkdtempSync(join(tmpdir(), 'sharecraft-manifest-bench-'));
try {
  console.log(
    `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load ${load()}`,
  );
  console.log(`${postCount} posts, cards ${args.cards ? 'on' : 'off'}, site in ${root}\n`);
  writeSite(root, { posts: postCount, cards: args.cards });
  const warmUp = await build(root);
  console.log(
    `warm-up: build ${(warmUp.buildMs / 1e3).toFixed(1)} s, manifest ${warmUp.pages} pages in ${warmUp.manifestMs} ms`,
  );
  const results = [];
  for (let run = 1; run <= runs; run++) {
    const result = await build(root);
    results.push({ ...result, share: (result.manifestMs / result.buildMs) * 100 });
    console.log(
      `run ${run}: build ${(result.buildMs / 1e3).toFixed(1)} s, manifest ${result.manifestMs} ms = ${results.at(-1).share.toFixed(2)} % (load ${load()})`,
    );
  }
  const column = (key) => results.map((result) => result[key]);
  const summary = (values, digits, unit = '') =>
    `${median(values).toFixed(digits)}${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  console.log('\n| cards | pages | runs | build, s | manifest, ms | manifest share of build |');
  console.log('| --- | ---: | ---: | --- | --- | --- |');
  console.log(
    `| ${args.cards ? 'on' : 'off'} | ${results[0].pages} | ${runs} | ${summary(
      column('buildMs').map((ms) => ms / 1e3),
      1,
    )} | ${summary(column('manifestMs'), 0)} | ${summary(column('share'), 2, ' %')} |`,
  );
  console.log('\nMedian (range) over the measured builds; goal: 5 % or less.');
} finally {
  if (args.keep) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
