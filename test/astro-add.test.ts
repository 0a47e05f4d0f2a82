// `npx astro add astro-sharecraft`, exactly as a user runs it: the workspace's packages are packed
// and published to a throwaway registry on loopback, a fresh Astro 7 blog installs from it, `astro
// add` wires the integration in, and `astro build` puts the share block on the post.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_PATH, parseManifest } from '@sharecraft/protocol';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestWorkspaceAstro, POST_PATH, POST_TITLE, writeAstroProject } from './helpers/astro-project.js';
import { type LocalRegistry, startLocalRegistry } from './helpers/local-registry.js';
import { packWorkspace, publishedNames } from './helpers/pack-workspace.js';
import { type CommandResult, runOrThrow } from './helpers/run-command.js';

// Measured here: about 2 minutes in all (installs through the registry are most of it). Each step
// has its own limit, and they add up to less than the test's, so no step outlives the test.
const INSTALL_TIMEOUT = 300_000;
const BUILD_TIMEOUT = 120_000;

describe('npx astro add astro-sharecraft, from a local registry', () => {
  let work: string;
  let registry: LocalRegistry | undefined;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-astro-add-'));
  });
  afterAll(async () => {
    await registry?.stop();
    await rm(work, { recursive: true, force: true });
  });

  /** Runs a command in the blog as its owner would, with what verdaccio printed added to a failure. */
  async function inBlog(file: string, args: string[], timeoutMs = INSTALL_TIMEOUT): Promise<CommandResult> {
    const blog = join(work, 'blog');
    try {
      return await runOrThrow(file, args, { cwd: blog, env: registry?.env, timeoutMs });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nverdaccio:\n${registry?.output() ?? ''}`);
    }
  }

  it('installs the published packages, wires the integration in, and the build shares the post', async () => {
    const astro = await newestWorkspaceAstro();
    const local = await startLocalRegistry(join(work, 'registry'), await publishedNames());
    registry = local;
    const blog = join(work, 'blog');
    // The blog installs Astro while our packages are packed and published: only `astro add` needs them.
    // Both run to their end before a failure is reported, so no npm is left running after the test.
    const [published, installed] = await Promise.allSettled([
      packWorkspace(join(work, 'packed')).then(async (tarballs) => {
        for (const pkg of tarballs) await local.publish(pkg.tarball);
        return tarballs;
      }),
      writeAstroProject(blog, { astro, registry: local.url }).then(() => inBlog('npm', ['install'])),
    ]);
    if (published.status === 'rejected') throw published.reason;
    if (installed.status === 'rejected') throw installed.reason;
    const packed = published.value;

    const added = await inBlog('npx', ['astro', 'add', 'astro-sharecraft', '--yes']);
    const config = await readFile(join(blog, 'astro.config.mjs'), 'utf8');
    const imported = /^import\s+(\w+)\s+from\s+['"]astro-sharecraft['"];?$/m.exec(config)?.[1];
    expect(imported, `astro add did not import the integration:\n${config}\n${added.output}`).toBeTruthy();
    expect(config, `astro add did not add ${imported}() to integrations:\n${added.output}`).toMatch(
      new RegExp(`integrations:\\s*\\[[^\\]]*\\b${imported}\\(\\)`),
    );

    // What was installed is what the test published, from the loopback registry (the collector is
    // an optional peer: `astro add` rightly leaves it out).
    const lock = JSON.parse(await readFile(join(blog, 'package-lock.json'), 'utf8'));
    for (const pkg of packed.filter((pkg) => pkg.name !== '@sharecraft/collector')) {
      const entry = lock.packages[`node_modules/${pkg.name}`];
      const from = `${pkg.name} ${entry?.version} from ${entry?.resolved}`;
      expect(entry?.version, from).toBe(pkg.manifest.version);
      expect(entry?.resolved?.startsWith(local.url), from).toBe(true);
    }

    const built = await inBlog('npm', ['run', 'build'], BUILD_TIMEOUT);
    const post = parse(await readFile(join(blog, 'dist', POST_PATH, 'index.html'), 'utf8'));
    const blocks = post.querySelectorAll('aside.sharecraft');
    expect(blocks, `share blocks on ${POST_PATH}; build output:\n${built.output}`).toHaveLength(1);
    const article = post.querySelector('article');
    expect(article?.querySelector('h1')?.text).toBe(POST_TITLE);
    expect(article?.lastElementChild, 'the block ends the post’s <article>').toBe(blocks[0] as HTMLElement);
    const home = await readFile(join(blog, 'dist', 'index.html'), 'utf8');
    expect(parse(home).querySelectorAll('aside.sharecraft'), 'the home page lists posts; it is no post').toHaveLength(
      0,
    );

    const manifest = parseManifest(JSON.parse(await readFile(join(blog, 'dist', MANIFEST_PATH), 'utf8')));
    if (!manifest.ok) throw new Error(`dist/${MANIFEST_PATH}: ${manifest.reason}`);
    expect(manifest.value.pages.map((page) => page.path)).toEqual([POST_PATH]);
  }, 900_000);
});
