// Bundles a compiled middleware into one file: `node scripts/bundle-middleware.mjs <in.js> <out.js>`.
// Astro hands a middleware entrypoint to Vite, which runs its plugins over every module the entry
// imports on each build; one file instead of some forty took 0.1-0.3 s off each build of the
// benchmark site (see packages/astro-sharecraft/bench/build.mjs). Astro, virtual modules and Node's
// own modules stay imports. Not minified: a stack trace from a reader's server should stay readable.
import { buildSync } from 'esbuild';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/bundle-middleware.mjs <input> <output>');
  process.exit(2);
}
buildSync({
  entryPoints: [input],
  outfile: output,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  mainFields: ['module', 'main'],
  external: ['astro', 'astro/*', 'virtual:*', 'node:*'],
  legalComments: 'none',
  logLevel: 'warning',
});
