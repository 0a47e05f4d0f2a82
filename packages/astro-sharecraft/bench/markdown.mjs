// What the Markdown plugin costs Astro's default (Sätteri) processor: `pnpm --filter astro-sharecraft bench:markdown [--rounds N] [--posts N]`.
//
// Renders the benchmark's posts (see `site.mjs`) with the `@astrojs/markdown-satteri` that the
// package's Astro brings, as Astro does at build (its own plugins and Shiki included): without
// Sharecraft's plugin, with the plugin Sätteri 0.10+ gets (one `after` hook per document) and with
// the one Sätteri 0.9 needs (visitors on top-level elements), in rounds that alternate the three.
// Prints the median of the rounds for each, and each one's ratio to the processor alone.
//
// Not a test: the ratios are what to read, since every variant shares whatever else the machine did.
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { installedPackage } from '../dist/markdown/installed-package.js';
import { createSatteriMarkerPlugin } from '../dist/markdown/satteri-plugin.js';
import { median } from './run.mjs';
import { post } from './site.mjs';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '9' }, posts: { type: 'string', default: '1000' } },
});
const rounds = Number(args.rounds);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const astro = installedPackage('astro', packageDir);
const wrapper = astro && installedPackage('@astrojs/markdown-satteri', astro.dir);
const satteri = wrapper && installedPackage('satteri', wrapper.dir);
if (!wrapper || !satteri) throw new Error(`No @astrojs/markdown-satteri found from ${packageDir}: run pnpm install`);
const { createSatteriMarkdownProcessor } = await import(pathToFileURL(`${wrapper.dir}/dist/index.js`).href);

const posts = Array.from({ length: Number(args.posts) }, (_, index) => {
  const source = post(index);
  const end = source.indexOf('\n---\n', 4) + '\n---\n'.length;
  return {
    body: source.slice(end),
    fileURL: pathToFileURL(`${packageDir}bench/posts/post-${index}.md`),
    frontmatter: { title: `Post ${index}` },
  };
});
const context = { name: 'sharecraft-marker@bench', root: dirname(packageDir), astro: undefined };
const options = { syntaxHighlight: 'shiki' };
const variants = {
  'processor alone': await createSatteriMarkdownProcessor(options),
  'with the plugin (after hook)': await createSatteriMarkdownProcessor({
    ...options,
    hastPlugins: [createSatteriMarkerPlugin(context, { documentHooks: true })],
  }),
  'with the plugin (visitors, for Sätteri 0.9)': await createSatteriMarkdownProcessor({
    ...options,
    hastPlugins: [createSatteriMarkerPlugin(context, { documentHooks: false })],
  }),
};

// Each variant with the plugin must really mark the posts, or its time means nothing.
for (const [name, processor] of Object.entries(variants).slice(1)) {
  const { code } = await processor.render(posts[0].body, posts[0]);
  if (!code.includes('data-sharecraft-slot')) throw new Error(`${name}: the post got no marker`);
}

async function renderAll(processor) {
  const started = performance.now();
  for (const entry of posts) await processor.render(entry.body, entry);
  return performance.now() - started;
}

const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  const names = Object.keys(variants);
  // A different variant goes first in each round.
  for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
    times[name].push(await renderAll(variants[name]));
  }
}
const alone = median(times['processor alone']);
console.log(
  `Sätteri ${satteri.version} (@astrojs/markdown-satteri ${wrapper.version}), ${posts.length} posts, ${rounds} rounds\n`,
);
console.log('| variant | render all posts, ms: median | ratio to the processor alone |');
console.log('| --- | ---: | ---: |');
for (const [name, values] of Object.entries(times)) {
  console.log(`| ${name} | ${median(values).toFixed(0)} | ${(median(values) / alone).toFixed(3)}× |`);
}
