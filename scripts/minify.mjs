// Minifies a compiled browser script or a stylesheet for shipping:
// `node scripts/minify.mjs <in.js|in.css> <out>`.
// Output is deterministic, so byte budgets measured on it are stable.
import { buildSync } from 'esbuild';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/minify.mjs <input.js> <output.js>');
  process.exit(2);
}
buildSync({
  entryPoints: [input],
  outfile: output,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
});
