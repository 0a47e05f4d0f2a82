// One benchmark run in a fresh process, so its peak RSS is its own:
//   node bench/run-one.mjs TOOL COUNT DIR [IMAGE_DIR [IMAGE_COUNT]]
// With IMAGE_DIR, every post has a cover image (image-1.png … image-IMAGE_COUNT.png in turn; 10 by default).
// Prints one JSON line: { ms, cpuMs, peakRssMb, rendered, reused, threads }.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { benchPosts } from './posts.mjs';

const [tool, countText, dir, imageDir, imageCount = '10'] = process.argv.slice(2);
const posts = benchPosts(Number(countText)).map((post, i) =>
  imageDir ? { ...post, image: join(imageDir, `image-${(i % Number(imageCount)) + 1}.png`) } : post,
);
const outDir = join(dir, 'out');
const cacheDir = join(dir, 'cache');
const brand = 'Northwind Journal';

async function sharecraft() {
  const { renderCards } = await import('../dist/index.js');
  const result = await renderCards(posts, {
    outDir,
    cacheDir,
    brand: { name: brand },
    colors: { background: '#0f172a', accent: '#38bdf8' },
    // The workers stop before renderCards returns: their CPU is read once more when the last card is done.
    onProgress: ({ done, total }) => done === total && clock.sample(),
  });
  if (result.failed > 0) throw new Error(`${result.failed} cards failed`);
  return { rendered: result.rendered, reused: result.reused };
}

async function astroOgCanvas() {
  const { generateOpenGraphImage } = await import('astro-og-canvas');
  const require = createRequire(import.meta.url);
  const files = dirname(require.resolve('@fontsource/inter/package.json'));
  const fonts = [join(files, 'files/inter-latin-400-normal.woff'), join(files, 'files/inter-latin-700-normal.woff')];
  await mkdir(join(outDir, 'blog'), { recursive: true });
  // As in an Astro build: one page (and so one image) after another.
  for (const post of posts) {
    const png = await generateOpenGraphImage({
      cacheDir,
      title: post.title,
      description: post.description,
      bgGradient: [[15, 23, 42]],
      border: { color: [56, 189, 248], width: 14, side: 'inline-start' },
      padding: 64,
      ...(post.image ? { bgImage: { path: post.image, fit: 'cover' } } : {}),
      fonts,
      font: {
        title: { families: ['Inter'], weight: 'Bold', size: 64, color: [248, 250, 252] },
        description: { families: ['Inter'], size: 28, color: [148, 163, 184] },
      },
    });
    await writeFile(join(outDir, `${post.id}.png`), png);
  }
  return { rendered: null, reused: null };
}

/**
 * CPU time by thread name, on Linux: Node names its threads (`MainThread`, `WorkerThread` for worker
 * threads, `V8Worker` for V8's garbage-collector and compiler helpers), and /proc/self/task has each
 * thread's user and system time in clock ticks (100 a second). Threads end with the run, so they are
 * sampled every 50 ms and once more when the last card is done; `null` elsewhere.
 */
function threadClock() {
  if (process.platform !== 'linux') return { sample() {}, stop: () => null };
  const seen = new Map();
  const sample = () => {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        seen.set(tid, { name, ms: (Number(fields[11]) + Number(fields[12])) * 10 });
      } catch {
        // The thread ended between the listing and the read; its last sample stands.
      }
    }
  };
  const timer = setInterval(sample, 50);
  return {
    sample,
    stop() {
      sample();
      clearInterval(timer);
      const byName = {};
      for (const { name, ms } of seen.values()) byName[name] = (byName[name] ?? 0) + ms;
      return byName;
    },
  };
}

const clock = threadClock();
const started = performance.now();
const cpuBefore = process.cpuUsage();
const counts = tool === 'sharecraft' ? await sharecraft() : await astroOgCanvas();
const ms = performance.now() - started;
// CPU time of the whole process (every thread): unlike wall time, it hardly changes when other work
// shares the machine.
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
// maxRSS is the process's high-water mark in KiB, worker threads included.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const threads = clock.stop();
console.log(JSON.stringify({ ms, cpuMs, peakRssMb, ...counts, threads }));
