// What the integration costs a whole build: `pnpm --filter astro-sharecraft bench:build [--runs N] [--posts N] [--dir D] [--keep]`.
//
// Writes the benchmark site (1,000 Markdown posts, see `site.mjs`) twice: once with `sharecraft()` in
// `integrations` (cards off, a collector endpoint set, as a real site has), once without it; nothing
// else differs. Then runs `astro build` on each, every build a fresh process as a site owner would run
// it, alternating with and without (the first of each pair alternates too, so drift on a busy machine
// falls on both), `--runs` times each (5 by default), in two modes:
// - cold: before each build, everything Astro keeps between builds is removed: `dist/`, `.astro/`
//   (generated types), `node_modules/.astro/` (the content layer's data store, which holds rendered
//   Markdown), `node_modules/.vite/` (Vite's dependency cache) and Node's compile cache (the Astro CLI
//   turns it on; here each variant gets its own folder, through NODE_COMPILE_CACHE);
// - warm: all of that is kept from the previous build of the same variant.
// For each build it takes the wall time, the CPU time (user + sys, from the child's rusage, which
// counts its threads and the processes it waited for) and the peak RSS, through GNU time
// (`/usr/bin/time`). It prints, per mode and variant, the median wall time and its range, the median
// CPU time and the median peak RSS, and the ratio with/without of the medians; the goal is 1.05× or
// less on wall time, cold and warm.
//
// Not a test: timings depend on the machine and its load, which the output states (load average at
// start and end). The ratios are what to read: both variants share whatever else the machine did.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAverage, median, runAstroBuild } from './run.mjs';
import { writeSite } from './site.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    posts: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    // Where the two sites go. On a machine whose disk latency varies (a VM), a RAM-backed folder
    // (`--dir /dev/shm` on Linux) takes that noise out: the integration adds work, not writes.
    dir: { type: 'string', default: tmpdir() },
  },
});
const runs = Number(args.runs);
const postCount = Number(args.posts);
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed for the child's CPU time and peak RSS`);

const VARIANTS = ['with', 'without'];
/** What Astro (and Node, for the Astro CLI) keeps between builds, relative to the site. */
const CACHES = ['dist', '.astro', 'node_modules/.astro', 'node_modules/.vite', '.node-compile-cache'];

/** One `astro build` in its own process: wall ms, CPU ms (user + sys) and peak RSS in MiB. */
async function build(site) {
  const usage = join(site, '.rusage');
  const { code, output, wallMs } = await runAstroBuild(site, {
    wrap: [TIME, '-f', '%U %S %M', '-o', usage],
    env: { NODE_COMPILE_CACHE: join(site, '.node-compile-cache') },
  });
  // GNU time writes "Command exited with non-zero status N" before its line when the build failed.
  const line = readFileSync(usage, 'utf8').trim().split('\n').at(-1) ?? '';
  const [user, sys, maxKiB] = line.split(' ').map(Number);
  if (code !== 0 || !/\d+ page\(s\) built/.test(output) || maxKiB === undefined || Number.isNaN(maxKiB)) {
    throw new Error(`astro build in ${site} failed (exit ${code}):\n${output}`);
  }
  return { wallMs, cpuMs: (user + sys) * 1e3, rssMiB: maxKiB / 1024 };
}

const load = loadAverage;
const seconds = (ms) => (ms / 1e3).toFixed(2);

const root = mkdtempSync(join(args.dir, 'sharecraft-build-bench-'));
const site = (variant) => join(root, variant);
try {
  const startLoad = load();
  console.log(`Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
  console.log(`load average at start: ${startLoad}`);
  console.log(`${postCount} posts, cards off, ${runs} runs per mode and variant, sites in ${root}\n`);
  writeSite(site('with'), { posts: postCount, sharecraft: true });
  writeSite(site('without'), { posts: postCount, sharecraft: false });

  const results = { cold: { with: [], without: [] }, warm: { with: [], without: [] } };
  for (const mode of ['cold', 'warm']) {
    for (let run = 1; run <= runs; run++) {
      // with, without; then without, with: neither variant always goes first.
      for (const variant of run % 2 ? VARIANTS : [...VARIANTS].reverse()) {
        if (mode === 'cold') {
          for (const cache of CACHES) rmSync(join(site(variant), cache), { recursive: true, force: true });
        }
        const result = await build(site(variant));
        results[mode][variant].push(result);
        console.log(
          `${mode} ${run} ${variant.padEnd(7)}: wall ${seconds(result.wallMs)} s, cpu ${seconds(result.cpuMs)} s, peak RSS ${result.rssMiB.toFixed(0)} MiB (load ${load()})`,
        );
      }
    }
  }

  console.log(
    '\n| mode | variant | wall, s: median (range) | CPU (user+sys), s: median | peak RSS, MiB: median | with/without wall | same run pairs, wall | with/without CPU |',
  );
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const mode of ['cold', 'warm']) {
    const of = (variant, key) => results[mode][variant].map((result) => result[key]);
    const wallRatio = median(of('with', 'wallMs')) / median(of('without', 'wallMs'));
    const cpuRatio = median(of('with', 'cpuMs')) / median(of('without', 'cpuMs'));
    // Each run's two builds ran back to back: the median of their ratios cancels slow drift too.
    const pairRatio = median(of('with', 'wallMs').map((wall, run) => wall / of('without', 'wallMs')[run]));
    for (const variant of VARIANTS) {
      const walls = of(variant, 'wallMs');
      const ratios =
        variant === 'with' ? `${wallRatio.toFixed(3)}× | ${pairRatio.toFixed(3)}× | ${cpuRatio.toFixed(3)}×` : ' | | ';
      console.log(
        `| ${mode} | ${variant} | ${seconds(median(walls))} (${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))}) | ${seconds(median(of(variant, 'cpuMs')))} | ${median(of(variant, 'rssMiB')).toFixed(0)} | ${ratios} |`,
      );
    }
  }
  console.log(`\nload average at start: ${startLoad}; at end: ${load()}`);
  console.log(
    'Ratios are of the medians (and, for pairs, the median of each run’s with/without); goal: 1.05× or less on wall time, cold and warm.',
  );
} finally {
  if (args.keep) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
