// Cover pictures for the benchmark: node bench/write-images.mjs DIR COUNT (see bench.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** `count` distinct 1200×800 cover pictures (gradients and shapes), written as PNG with resvg. */
export function writeImages(dir, count) {
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js');
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= count; i++) {
    // The first ten as they always were; the next ones repeat their shapes (kept on the canvas: resvg
    // panics on a shape wholly outside it) in shifted colours.
    const k = ((i - 1) % 10) + 1;
    const hue = k * 36 + Math.floor((i - 1) / 10) * 7;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="hsl(${hue},70%,45%)"/><stop offset="1" stop-color="hsl(${hue + 60},80%,60%)"/>
      </linearGradient></defs>
      <rect width="1200" height="800" fill="url(#g)"/>
      <circle cx="${300 + k * 60}" cy="260" r="${120 + k * 8}" fill="hsl(${hue + 180},90%,75%)" opacity="0.8"/>
      <path d="M0 620 L${200 + k * 20} 380 L600 560 L${850 - k * 10} 420 L1200 640 L1200 800 L0 800Z" fill="hsl(${hue},30%,18%)"/>
    </svg>`;
    writeFileSync(join(dir, `image-${i}.png`), new Resvg(svg).render().asPng());
  }
}

const [dir, count = '10'] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/write-images.mjs DIR COUNT');
writeImages(dir, Number(count));
