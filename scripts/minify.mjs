// Minifies compiled browser scripts or stylesheets for shipping:
// `node scripts/minify.mjs <in.js|in.css> <out> [<in> <out>…]`.
// Output is deterministic, so byte budgets measured on it are stable.
import { buildSync } from 'esbuild';

const pairs = process.argv.slice(2);
if (pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error('usage: node scripts/minify.mjs <input> <output> [<input> <output>…]');
  process.exit(2);
}
for (let index = 0; index < pairs.length; index += 2) {
  buildSync({
    entryPoints: [pairs[index]],
    outfile: pairs[index + 1],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
  });
}
