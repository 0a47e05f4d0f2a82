// A fresh, minimal Astro 7 blog as a user starts one, written by hand: `npm create astro` fetches
// its templates from the network, which tests may not use.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './build-fixture.js';

export const POST_PATH = '/blog/first-post';
export const POST_TITLE = 'Our first post';

const versionParts = (version: string) => version.split('.').map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

/** The folders pnpm-workspace.yaml lists, its `dir/*` patterns expanded. */
async function workspaceFolders(): Promise<string[]> {
  const yaml = await readFile(join(REPO_ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const list = /^packages:\n((?:\s+-\s+.+\n)+)/m.exec(yaml)?.[1] ?? '';
  const folders: string[] = [];
  for (const pattern of list.split('\n').map((line) => line.replace(/^\s*-\s*/, '').trim())) {
    if (!pattern) continue;
    if (!pattern.endsWith('/*')) folders.push(join(REPO_ROOT, pattern));
    else {
      const parent = join(REPO_ROOT, pattern.slice(0, -2));
      for (const entry of await readdir(parent, { withFileTypes: true })) {
        if (entry.isDirectory()) folders.push(join(parent, entry.name));
      }
    }
  }
  return folders;
}

/** The newest exact Astro 7 version any package of the workspace (integration, fixtures, example) builds with. */
export async function newestWorkspaceAstro(): Promise<string> {
  let newest = '';
  for (const folder of await workspaceFolders()) {
    const file = join(folder, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    for (const field of ['dependencies', 'devDependencies']) {
      const version: unknown = manifest[field]?.astro;
      if (typeof version === 'string' && /^7\.\d+\.\d+$/.test(version) && (!newest || newer(version, newest))) {
        newest = version;
      }
    }
  }
  if (!newest) throw new Error('no workspace package depends on an exact Astro 7 version');
  return newest;
}

const FILES: Record<string, string> = {
  'astro.config.mjs': `// @ts-check
import { defineConfig } from 'astro/config';

// https://astro.build/config
export default defineConfig({
  site: 'https://my-blog.example',
});
`,
  'src/content.config.ts': `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.md' }),
  schema: z.object({ title: z.string(), description: z.string() }),
});

export const collections = { blog };
`,
  'src/content/blog/first-post.md': `---
title: ${POST_TITLE}
description: What this blog is about.
---

Welcome to the blog. This is the first post.

## What comes next

More posts, soon.
`,
  'src/layouts/Base.astro': `---
const { title } = Astro.props;
---
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>{title}</title>
  </head>
  <body>
    <slot />
  </body>
</html>
`,
  'src/pages/index.astro': `---
import { getCollection } from 'astro:content';
import Base from '../layouts/Base.astro';
const posts = await getCollection('blog');
---
<Base title="My blog">
  <h1>My blog</h1>
  <ul>{posts.map((post) => <li><a href={\`/blog/\${post.id}/\`}>{post.data.title}</a></li>)}</ul>
</Base>
`,
  'src/pages/blog/[...slug].astro': `---
import { getCollection, render } from 'astro:content';
import Base from '../../layouts/Base.astro';
export async function getStaticPaths() {
  const posts = await getCollection('blog');
  return posts.map((post) => ({ params: { slug: post.id }, props: { post } }));
}
const { post } = Astro.props;
const { Content } = await render(post);
---
<Base title={post.data.title}>
  <article>
    <h1>{post.data.title}</h1>
    <Content />
  </article>
</Base>
`,
};

/** Writes the project into `root`, installing from `registry` (its `.npmrc`). */
export async function writeAstroProject(root: string, options: { astro: string; registry: string }) {
  const manifest = {
    name: 'my-blog',
    type: 'module',
    version: '0.0.1',
    private: true,
    scripts: { dev: 'astro dev', build: 'astro build', preview: 'astro preview', astro: 'astro' },
    dependencies: { astro: options.astro },
  };
  const files = {
    ...FILES,
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    '.npmrc': `registry=${options.registry}\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}
