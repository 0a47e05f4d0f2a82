// What the manifest costs a build: `pnpm --filter astro-sharecraft bench:manifest [--cards] [--runs N]`.
//
// Writes a site of 1,000 Markdown posts (plus an index and tag pages) into a temporary folder, builds
// it with the workspace's Astro and this integration, a warm-up build and then `--runs` measured
// builds (5 by default), each a fresh `astro build` process as a site owner would run it. The
// integration's summary line reports the manifest step's own time ("manifest: N pages in X ms");
// its share of the build's wall time is the number this prints, with median and range. The goal:
// 5 % or less. `--cards` leaves share cards on (their cache is warm after the warm-up build, as in
// CI with a cached folder), which adds a card to every page of the manifest; without it, cards are off.
//
// Not a test: timings depend on the machine and its load, which the output states.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    cards: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    posts: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const postCount = Number(args.posts);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** A small deterministic random source, so every run of the benchmark builds the same site. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = (
  'copper kettle morning brew roast grind origin harvest valley terrace bean cherry washed natural ' +
  'honey process altitude farmer cooperative sweetness acidity body finish aroma cup tasting note ' +
  'filter espresso pour over grinder burr water temperature ratio bloom extraction patience ritual ' +
  'shop street neighbour story season rain sun shade forest river market train letter friend recipe'
).split(' ');
const TAGS = ['brewing', 'origins', 'recipes', 'travel', 'gear', 'people', 'seasons', 'notes'];

function sentence(random, length = 8 + Math.floor(random() * 12)) {
  const words = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]);
  return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`;
}
const paragraph = (random) => Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentence(random)).join(' ');

/** A post of some 600 words: headings, paragraphs, a list, a quote, a link and a code block. */
function post(index) {
  const random = seeded(index + 1);
  const title = sentence(random, 4 + Math.floor(random() * 4)).slice(0, -1);
  const tags = [TAGS[index % TAGS.length], TAGS[(index * 3 + 1) % TAGS.length]];
  const sections = Array.from({ length: 4 }, (_, section) =>
    [
      `## ${sentence(random, 3).slice(0, -1)}`,
      paragraph(random),
      paragraph(random),
      section === 1 ? Array.from({ length: 4 }, () => `- ${sentence(random, 5)}`).join('\n') : '',
      section === 2 ? `> ${sentence(random)}` : '',
      section === 3 ? '```sh\necho "brew ratio 1:16"\n```' : '',
      `See [the previous post](/blog/post-${String(Math.max(index - 1, 0)).padStart(4, '0')}/) too.`,
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  return `---\ntitle: ${JSON.stringify(title)}\ndescription: ${JSON.stringify(sentence(random))}\ntags: ${JSON.stringify(tags)}\n---\n\n${paragraph(random)}\n\n${sections.join('\n\n')}\n`;
}

/** The site: the fixtures' layout (see test/fixtures/astro7-satteri-md) with generated posts. */
function writeSite(root) {
  const file = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  // The workspace's Astro and this package, linked as a site's node_modules would hold them.
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(realpathSync(join(packageDir, 'node_modules', 'astro')), join(root, 'node_modules', 'astro'), 'dir');
  symlinkSync(packageDir, join(root, 'node_modules', 'astro-sharecraft'), 'dir');
  file('package.json', '{ "name": "sharecraft-manifest-bench", "private": true, "type": "module" }\n');
  file(
    'astro.config.mjs',
    `import { defineConfig } from 'astro/config';
import sharecraft from 'astro-sharecraft';

export default defineConfig({
  site: 'https://bench.example',
  integrations: [
    sharecraft({
      collector: { endpoint: 'https://stats.bench.example/api/events' },
      cards: ${args.cards ? '{}' : 'false'},
    }),
  ],
});
`,
  );
  file(
    'src/content.config.ts',
    `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.md' }),
  schema: z.object({ title: z.string(), description: z.string(), tags: z.array(z.string()).default([]) }),
});

export const collections = { blog };
`,
  );
  file(
    'src/layouts/Base.astro',
    `---
interface Props { title: string; description?: string }
const { title, description } = Astro.props;
---
<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>{title}</title>{description && <meta name="description" content={description} />}</head>
  <body><header><a href="/">Bench blog</a></header><main><slot /></main><footer>Bench blog</footer></body>
</html>
`,
  );
  file(
    'src/pages/blog/[...slug].astro',
    `---
import { getCollection, render } from 'astro:content';
import Base from '../../layouts/Base.astro';
export async function getStaticPaths() {
  const posts = await getCollection('blog');
  return posts.map((post) => ({ params: { slug: post.id }, props: { post } }));
}
const { post } = Astro.props;
const { Content } = await render(post);
---
<Base title={post.data.title} description={post.data.description}>
  <article>
    <h1>{post.data.title}</h1>
    <Content />
  </article>
</Base>
`,
  );
  file(
    'src/pages/index.astro',
    `---
import { getCollection } from 'astro:content';
import Base from '../layouts/Base.astro';
const posts = await getCollection('blog');
---
<Base title="Bench blog">
  <h1>Bench blog</h1>
  <ul>{posts.map((post) => <li><a href={\`/blog/\${post.id}/\`}>{post.data.title}</a></li>)}</ul>
</Base>
`,
  );
  file(
    'src/pages/tags/[tag].astro',
    `---
import { getCollection } from 'astro:content';
import Base from '../../layouts/Base.astro';
export async function getStaticPaths() {
  const posts = await getCollection('blog');
  const tags = [...new Set(posts.flatMap((post) => post.data.tags))];
  return tags.map((tag) => ({ params: { tag }, props: { posts: posts.filter((post) => post.data.tags.includes(tag)) } }));
}
const { tag } = Astro.params;
const { posts } = Astro.props;
---
<Base title={\`Tag \${tag}\`}>
  <h1>Posts tagged {tag}</h1>
  <ul>{posts.map((post) => <li><a href={\`/blog/\${post.id}/\`}>{post.data.title}</a></li>)}</ul>
</Base>
`,
  );
  for (let index = 0; index < postCount; index++) {
    file(`src/content/blog/post-${String(index).padStart(4, '0')}.md`, post(index));
  }
}

/** The environment a site owner's shell gives Astro (see test/helpers/build-fixture.ts). */
function ownerEnvironment() {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_ENV' || name.startsWith('VITEST') || name === 'TEST') continue;
    env[name] = value;
  }
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
}

const SUMMARY = /manifest: (\d+) pages? in (\d+) ms/;

/** One `astro build` in its own process: its wall time and the manifest step's own time. */
function build(root) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
      cwd: root,
      env: ownerEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const buildMs = performance.now() - started;
      const match = SUMMARY.exec(output);
      if (code !== 0 || !match) {
        reject(
          new Error(`astro build ${code === 0 ? 'printed no manifest summary' : `failed (exit ${code})`}:\n${output}`),
        );
        return;
      }
      resolve({ buildMs, pages: Number(match[1]), manifestMs: Number(match[2]) });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

const root = mkdtempSync(join(tmpdir(), 'sharecraft-manifest-bench-'));
try {
  console.log(
    `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load ${load()}`,
  );
  console.log(`${postCount} posts, cards ${args.cards ? 'on' : 'off'}, site in ${root}\n`);
  writeSite(root);
  const warmUp = await build(root);
  console.log(
    `warm-up: build ${(warmUp.buildMs / 1e3).toFixed(1)} s, manifest ${warmUp.pages} pages in ${warmUp.manifestMs} ms`,
  );
  const results = [];
  for (let run = 1; run <= runs; run++) {
    const result = await build(root);
    results.push({ ...result, share: (result.manifestMs / result.buildMs) * 100 });
    console.log(
      `run ${run}: build ${(result.buildMs / 1e3).toFixed(1)} s, manifest ${result.manifestMs} ms = ${results.at(-1).share.toFixed(2)} % (load ${load()})`,
    );
  }
  const column = (key) => results.map((result) => result[key]);
  const summary = (values, digits, unit = '') =>
    `${median(values).toFixed(digits)}${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  console.log('\n| cards | pages | runs | build, s | manifest, ms | manifest share of build |');
  console.log('| --- | ---: | ---: | --- | --- | --- |');
  console.log(
    `| ${args.cards ? 'on' : 'off'} | ${results[0].pages} | ${runs} | ${summary(
      column('buildMs').map((ms) => ms / 1e3),
      1,
    )} | ${summary(column('manifestMs'), 0)} | ${summary(column('share'), 2, ' %')} |`,
  );
  console.log('\nMedian (range) over the measured builds; goal: 5 % or less.');
} finally {
  if (args.keep) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
