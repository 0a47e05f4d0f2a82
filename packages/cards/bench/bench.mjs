// The card benchmark: Sharecraft and astro-og-canvas render the same distinct posts, cold (empty cache)
// then warm (the cache from the cold run), 200 and 1,000 cards, text-only and with a cover image per post.
// Each run is its own process, so peak RSS is per run. Run with `pnpm --filter @sharecraft/cards bench`
// (it builds first). Not a test: it prints a table. BENCH_SIZES=200 and BENCH_SCENARIOS=text narrow it.
// Scenarios: `text` (no image), `image` (ten cover pictures shared in turn, as posts often share a few
// pictures) and, on request, `unique-image` (a picture of its own for every post).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number);
const scenarios = (process.env.BENCH_SCENARIOS ?? 'text,image').split(',');
const tools = ['sharecraft', 'astro-og-canvas'];

/** `count` distinct 1200×800 cover pictures (gradients and shapes), written as PNG with resvg. */
function writeImages(dir, count) {
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js');
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const hue = i * 36 + Math.floor((i - 1) / 10) * 7;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="hsl(${hue},70%,45%)"/><stop offset="1" stop-color="hsl(${hue + 60},80%,60%)"/>
      </linearGradient></defs>
      <rect width="1200" height="800" fill="url(#g)"/>
      <circle cx="${300 + i * 60}" cy="260" r="${120 + i * 8}" fill="hsl(${hue + 180},90%,75%)" opacity="0.8"/>
      <path d="M0 620 L${200 + i * 20} 380 L600 560 L${850 - i * 10} 420 L1200 640 L1200 800 L0 800Z" fill="hsl(${hue},30%,18%)"/>
    </svg>`;
    writeFileSync(join(dir, `image-${i}.png`), new Resvg(svg).render().asPng());
  }
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
    for (const phase of ['cold', 'warm']) {
      const s = results.sharecraft[phase];
      const a = results['astro-og-canvas'][phase];
      rows.push({
        posts: { text: 'text only', image: 'with image', 'unique-image': 'own image each' }[scenario] ?? scenario,
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

const headers = Object.keys(rows[0] ?? {});
console.log(`| ${headers.join(' | ')} |`);
console.log(`| ${headers.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${headers.map((h) => row[h]).join(' | ')} |`);
console.log(`\nload at the end: ${load()} (throughput × = astro-og-canvas wall time / Sharecraft wall time)`);
