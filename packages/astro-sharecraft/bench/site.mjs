// The benchmark site: 1,000 generated Markdown posts (plus an index and tag pages) laid out as the test
// fixtures are (see test/fixtures/astro7-satteri-md), shared by `manifest.mjs` and `build.mjs`.
// Deterministic: every run writes the same site.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
export function post(index) {
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

/**
 * Writes the site into `root`: `posts` posts; with `sharecraft` (the default) the integration is in
 * `integrations`, with a collector endpoint as a real site has and share cards on or off (`cards`);
 * without it the config is the same but for that entry. Astro and this package are linked into
 * `root/node_modules` either way.
 */
export function writeSite(root, { posts: postCount = 1000, sharecraft = true, cards = false } = {}) {
  const file = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  // The workspace's Astro and this package, linked as a site's node_modules would hold them.
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(realpathSync(join(packageDir, 'node_modules', 'astro')), join(root, 'node_modules', 'astro'), 'dir');
  symlinkSync(packageDir, join(root, 'node_modules', 'astro-sharecraft'), 'dir');
  file('package.json', '{ "name": "sharecraft-bench", "private": true, "type": "module" }\n');
  const integration = `
    sharecraft({
      collector: { endpoint: 'https://stats.bench.example/api/events' },
      cards: ${cards ? '{}' : 'false'},
    }),
  `;
  file(
    'astro.config.mjs',
    `import { defineConfig } from 'astro/config';
${sharecraft ? "import sharecraft from 'astro-sharecraft';\n" : ''}
export default defineConfig({
  site: 'https://bench.example',
  integrations: [${sharecraft ? integration : ''}],
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
export function ownerEnvironment() {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_ENV' || name.startsWith('VITEST') || name === 'TEST') continue;
    env[name] = value;
  }
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
}
