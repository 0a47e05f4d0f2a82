// The card benchmark: Sharecraft and astro-og-canvas render the same distinct posts, cold (empty cache)
// then warm (the cache from the cold run), 200 and 1,000 cards, text-only and with a cover image per post.
// Each run is its own process, so peak RSS is per run. Run with `pnpm --filter @sharecraft/cards bench`
// (it builds first). Not a test: it prints a table. BENCH_SIZES=200 and BENCH_SCENARIOS=text narrow it.
// Scenarios: `text` (no image), `image` (ten cover pictures shared in turn, as posts often share a few
// pictures) and, on request, `unique-image` (a picture of its own for every post).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number);
const scenarios = (process.env.BENCH_SCENARIOS ?? 'text,image').split(',');
const tools = ['sharecraft', 'astro-og-canvas'];
/** @param {string} scenario */
const label = (scenario) =>
  ({ text: 'text only', image: 'with image', 'unique-image': 'own image each' })[scenario] ?? scenario;

/**
 * Writes the cover pictures in a child process: resvg would otherwise grow this process, and Linux carries
 * a process's peak RSS over into the children it starts, so every run's peak RSS would include it.
 */
function writeImages(dir, count) {
  execFileSync(process.execPath, [join(here, 'write-images.mjs'), dir, String(count)], { stdio: 'inherit' });
}

/** @param {string} tool @param {number} count @param {string} dir @param {string | undefined} imageDir @param {number} imageCount */
function run(tool, count, dir, imageDir, imageCount) {
  const args = [
    join(here, 'run-one.mjs'),
    tool,
    String(count),
    dir,
    ...(imageDir ? [imageDir, String(imageCount)] : []),
  ];
  const out = execFileSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load ${load()}\n`,
);
const imageDir = mkdtempSync(join(tmpdir(), 'cards-bench-images-'));
writeImages(imageDir, scenarios.includes('unique-image') ? Math.max(10, ...sizes) : 10);
const rows = [];
const threadRows = [];
for (const scenario of scenarios) {
  for (const count of sizes) {
    const results = {};
    for (const tool of tools) {
      const dir = mkdtempSync(join(tmpdir(), `cards-bench-${tool}-`));
      const images = scenario === 'text' ? undefined : imageDir;
      const imageCount = scenario === 'unique-image' ? count : 10;
      try {
        results[tool] = {
          cold: run(tool, count, dir, images, imageCount),
          warm: run(tool, count, dir, images, imageCount),
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    for (const tool of tools) {
      const t = results[tool].cold.threads;
      if (!t) continue;
      const perCard = (ms) => ((ms ?? 0) / count).toFixed(1);
      const known = ['MainThread', 'WorkerThread', 'V8Worker'];
      const other = Object.entries(t).reduce((sum, [name, ms]) => (known.includes(name) ? sum : sum + ms), 0);
      threadRows.push({
        posts: label(scenario),
        cards: count,
        tool,
        'main thread CPU ms/card': perCard(t.MainThread),
        'worker threads CPU ms/card': perCard(t.WorkerThread),
        'V8 helper threads CPU ms/card': perCard(t.V8Worker),
        'other threads CPU ms/card': perCard(other),
      });
    }
    for (const phase of ['cold', 'warm']) {
      const s = results.sharecraft[phase];
      const a = results['astro-og-canvas'][phase];
      rows.push({
        posts: label(scenario),
        cards: count,
        run: phase,
        'sharecraft ms/card': (s.ms / count).toFixed(1),
        'sharecraft total ms': Math.round(s.ms),
        'sharecraft CPU ms/card': (s.cpuMs / count).toFixed(1),
        'sharecraft peak RSS MB': Math.round(s.peakRssMb),
        'sharecraft rendered/reused': `${s.rendered}/${s.reused}`,
        'astro-og-canvas ms/card': (a.ms / count).toFixed(1),
        'astro-og-canvas CPU ms/card': (a.cpuMs / count).toFixed(1),
        'astro-og-canvas peak RSS MB': Math.round(a.peakRssMb),
        'throughput ×': (a.ms / s.ms).toFixed(1),
      });
    }
  }
}
rmSync(imageDir, { recursive: true, force: true });

/** @param {Record<string, unknown>[]} table */
function printTable(table) {
  const headers = Object.keys(table[0] ?? {});
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`| ${headers.map(() => '---').join(' | ')} |`);
  for (const row of table) console.log(`| ${headers.map((h) => row[h]).join(' | ')} |`);
}
printTable(rows);
if (threadRows.length > 0) {
  // Where the CPU of the cold runs went, by thread (Linux only): worker threads draw Sharecraft's cards,
  // V8's helper threads collect garbage and compile in the background.
  console.log('\nCPU by thread, cold runs (whole process, start-up included):\n');
  printTable(threadRows);
}
console.log(`\nload at the end: ${load()} (throughput × = astro-og-canvas wall time / Sharecraft wall time)`);
