// Minifies compiled browser scripts or stylesheets for shipping:
// `node scripts/minify.mjs <in.js|in.css> <out> [<in> <out>…]`.
// esbuild bundles (and minifies stylesheets); terser then minifies scripts, as it packs a few
// percent tighter than esbuild's minifier, which counts on files that every post carries.
// Output is deterministic, so byte budgets measured on it are stable.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { minify } from 'terser';

const pairs = process.argv.slice(2);
if (pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error('usage: node scripts/minify.mjs <input> <output> [<input> <output>…]');
  process.exit(2);
}
for (let index = 0; index < pairs.length; index += 2) {
  const output = pairs[index + 1];
  buildSync({
    entryPoints: [pairs[index]],
    outfile: output,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
  });
  if (output.endsWith('.js')) {
    const { code } = await minify(readFileSync(output, 'utf8'), {
      module: true,
      toplevel: true,
      ecma: 2020,
      compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
      format: { comments: false },
    });
    writeFileSync(output, code);
  }
}
