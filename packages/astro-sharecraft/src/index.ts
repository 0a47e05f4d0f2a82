import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CREATIONS_PATH, WEBMENTION_PATH } from '@sharecraft/protocol/ids';
import type { AstroConfig, AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import picomatch from 'picomatch';
// Loads before every module that builds on `astro`: it refuses an Astro this package cannot run on.
import { checkAstroVersion } from './astro-version.js';
import { buildCards } from './cards/build-cards.js';
import { devCards } from './cards/dev-cards.js';
import { loadCreations } from './creations/load-creations.js';
import { buildGallery, type Gallery } from './creations/load-gallery.js';
import { ShippedPages, writeManifest } from './manifest/write-manifest.js';
import { addMarkdownPlugins, type MarkdownContext } from './markdown/add-markdown-plugins.js';
import { installedPackage } from './markdown/installed-package.js';
import {
  copyManifestForServer,
  type MountedCollector,
  mountCollector,
  VIRTUAL_MOUNT_CONFIG,
} from './mount/mount-collector.js';
import type { SharecraftOptions } from './options.js';
import { routeRendersMarkdown } from './page/renders-markdown.js';
import { MARKER_FORMAT } from './page/slot-marker.js';
import { CARDS_DIR, type PageConfig } from './page/transform-page.js';
import { summariseUnplaced } from './page/unplaced-summary.js';
import { type BuildContext, shareBuildContext } from './runtime/build-context.js';
import { resolveShareStrings, SHARE_STRINGS } from './share/strings.js';
import { validateOptions } from './validate-options.js';

export type { GalleryCreation, GalleryData } from './creations/gallery-data.js';
export type { SharecraftOptions } from './options.js';

const PACKAGE_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
const VIRTUAL_CONFIG = 'virtual:sharecraft/page-config';
const VIRTUAL_CREATIONS = 'virtual:sharecraft/creations';

/** A file Sharecraft serves from the site's own origin: no third party is ever asked for it. */
interface ShippedAsset {
  /** URL path the page links to, under the site's base; its name carries a content hash. */
  path: string;
  source: string;
  contentType: string;
}

function shippedAsset(base: string, name: string, file: URL, source = readFileSync(file, 'utf8')): ShippedAsset {
  const hash = createHash('sha256').update(source).digest('base64url').slice(0, 10);
  const extension = file.pathname.endsWith('.css') ? 'css' : 'js';
  return {
    path: `${base}_sharecraft/${name}.${hash}.${extension}`,
    source,
    contentType: extension === 'css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
  };
}

/** Writes the hashed file names of `parts` into a script, in place of its `./SC_LAZY_<NAME>` placeholders. */
function linkLazyParts(source: string, parts: Record<string, ShippedAsset>): string {
  let linked = source;
  for (const [name, asset] of Object.entries(parts)) {
    const placeholder = `./SC_LAZY_${name.toUpperCase()}`;
    if (!linked.includes(placeholder))
      throw new Error(`The share script has no ${placeholder}: rebuild astro-sharecraft`);
    linked = linked.split(placeholder).join(`./${asset.path.slice(asset.path.lastIndexOf('/') + 1)}`);
  }
  return linked;
}

/** Writes the collector endpoint into the script that carries the beacon, in place of its placeholder. */
function withEndpoint(source: string, endpoint: string | undefined): string {
  if (!endpoint) return source;
  if (!source.includes('"SC_ENDPOINT"'))
    throw new Error('The share script has no "SC_ENDPOINT": rebuild astro-sharecraft');
  return source.split('"SC_ENDPOINT"').join(JSON.stringify(endpoint));
}

/**
 * Where the creation form posts: `creations.collector`'s `/api/creations`; else the collector the
 * beacon reports to (`collector.endpoint`, `<collector>/api/events`); else the collector mounted on
 * this site (`mountedUrl`, which ends with a slash where the site's URLs do). Fails the build with a
 * hint when there is no collector, or its base cannot be told.
 */
export function creationsAction(
  creations: { collector?: string | undefined },
  endpoint: string | undefined,
  mountedUrl: string | undefined,
): string {
  const base = creations.collector ?? endpoint?.match(/^(.*)\/api\/events\/?$/)?.[1];
  if (base !== undefined) return `${base.replace(/\/+$/, '')}${CREATIONS_PATH}`;
  if (!endpoint && mountedUrl) return mountedUrl;
  if (!endpoint) {
    throw new AstroError(
      'Sharecraft option `creations` needs a collector to send creations to, and none is set.',
      'Set `collector.endpoint` to your collector (`https://stats.example.com/api/events`, from `sharecraft serve`), or `collector.mount: true` to run it inside this site.',
    );
  }
  throw new AstroError(
    `Sharecraft cannot tell where to send creations: \`collector.endpoint\` (${endpoint}) does not end in /api/events.`,
    'Set `creations.collector` to the base URL of your collector, e.g. `creations: { collector: "https://stats.example.com" }`.',
  );
}

/** Where posts tell other sites to send webmentions: the collector the form posts to, at its `/webmention`. */
export function webmentionUrl(action: string): string {
  return action.replace(new RegExp(`${CREATIONS_PATH}(/?)$`), `${WEBMENTION_PATH}$1`);
}

/**
 * The texts the form's script shows (problem summary, connection failure, receipt link), for every
 * built-in language with the owner's replacements, as a module it loads with itself.
 */
function formTexts(overrides: Record<string, unknown> | undefined): string {
  const texts: Record<string, string[]> = {};
  for (const locale of Object.keys(SHARE_STRINGS)) {
    const { creations } = resolveShareStrings(locale, overrides as Parameters<typeof resolveShareStrings>[1]).strings;
    texts[locale] = [creations.problem, creations.failed, creations.receipt];
  }
  return `export default ${JSON.stringify(texts)};\n`;
}

/** A file of the `altcha` package's `dist` folder (its exports map lists no workers). */
function altchaFile(file: string): URL {
  const entry = createRequire(import.meta.url).resolve('altcha/external');
  return pathToFileURL(join(dirname(dirname(entry)), file));
}

function serialisePatterns(patterns: string[]): string {
  return `[${patterns
    .map((pattern) => {
      const re = picomatch.makeRe(pattern);
      return `{ glob: ${JSON.stringify(pattern)}, re: new RegExp(${JSON.stringify(re.source)}, ${JSON.stringify(re.flags)}) }`;
    })
    .join(', ')}]`;
}

function normaliseBase(base: string): string {
  return `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

/**
 * Sharecraft for Astro: share and remix calls-to-action on every post, a manifest of what shipped,
 * and a privacy-first beacon that reports to a Sharecraft collector. No layout edits needed.
 *
 * @example
 * // astro.config.mjs
 * import sharecraft from 'astro-sharecraft';
 * export default defineConfig({
 *   site: 'https://blog.example.com',
 *   integrations: [sharecraft({ collector: { endpoint: 'https://stats.example.com/e' } })],
 * });
 */
export default function sharecraft(options: SharecraftOptions = {}): AstroIntegration {
  const resolved = validateOptions(options);
  let astroConfig: AstroConfig | undefined;
  let assets: (Record<string, ShippedAsset> & Record<'share' | 'css', ShippedAsset>) | undefined;
  let shared: BuildContext | undefined;
  let mounted: MountedCollector | undefined;
  let pipeline: ReturnType<typeof addMarkdownPlugins> | undefined;
  let markdownContext: MarkdownContext | undefined;
  let building = false;
  let gallery: Gallery | undefined;

  return {
    name: 'astro-sharecraft',
    hooks: {
      'astro:config:setup': async ({ config, command, updateConfig, addMiddleware, injectRoute, logger }) => {
        astroConfig = config;
        building = command === 'build';
        const root = fileURLToPath(config.root);
        const astro = installedPackage('astro', root);
        checkAstroVersion(astro, logger);
        if (!config.site && command !== 'dev') {
          logger.warn(
            'No `site` in your Astro config, so share links cannot carry your real URL. Set `site: "https://your-blog.example"` in astro.config.*.',
          );
        }
        const base = normaliseBase(config.base);
        mounted = resolved.collector.mount
          ? mountCollector({
              mount: resolved.collector.mount,
              config,
              command,
              base,
              injectRoute,
              logger,
              licences: resolved.creations?.licences,
            })
          : undefined;
        if (mounted && resolved.collector.endpoint) {
          logger.info(
            `The beacon reports to \`collector.endpoint\` (${resolved.collector.endpoint}), not to the mounted collector at ${mounted.eventsUrl}.`,
          );
        }
        // Unless told otherwise, the beacon reports to the collector mounted on this site's own origin.
        const endpoint = resolved.collector.endpoint ?? mounted?.eventsUrl;
        const creations = resolved.creations
          ? (() => {
              const action = creationsAction(resolved.creations, resolved.collector.endpoint, mounted?.creationsUrl);
              return {
                action,
                webmention: webmentionUrl(action),
                licences: resolved.creations.licences,
                defaultLicences: resolved.creations.defaultLicences,
              };
            })()
          : undefined;
        // Approved creations, read once per build (and once per `astro dev` or `astro sync`), images
        // included; `astro preview` renders nothing, so it asks no collector.
        const source = command === 'preview' ? undefined : resolved.creations?.source;
        const licences = resolved.creations?.licences ?? [];
        const loaded = source ? loadCreations(source, { root, logger }) : undefined;
        gallery = loaded
          ? await loaded.then(({ creations, from }) => buildGallery(creations, { base, licences, from, logger }))
          : undefined;
        if (gallery) logger.info(gallery.summary);
        const client = (file: string) => new URL(`./client/${file}`, import.meta.url);
        // The on-demand parts, and the stylesheet they bring, are found by their hashed names.
        const parts = shippedAsset(base, 'parts', client('parts.min.css'));
        const lazy = (name: string) =>
          shippedAsset(
            base,
            name,
            client(`${name}.min.js`),
            linkLazyParts(readFileSync(client(`${name}.min.js`), 'utf8'), { parts }),
          );
        const mastodon = lazy('mastodon');
        const selection = lazy('selection');
        // The creation form's script, and the anti-spam widget it loads on a reader's first input,
        // from this site's own origin (see `client/creation-form.ts`).
        const widget = (name: string, file: string) => shippedAsset(base, name, altchaFile(file));
        const form = creations
          ? (() => {
              const widgetParts = {
                texts: shippedAsset(base, 'form-texts', new URL('file:///form-texts.js'), formTexts(resolved.strings)),
                altcha: widget('altcha', 'external/altcha.min.js'),
                theme: widget('altcha', 'external/altcha.css'),
                sha: widget('altcha-sha', 'workers/sha.js'),
                pbkdf: widget('altcha-pbkdf2', 'workers/pbkdf2.js'),
              };
              const source = linkLazyParts(readFileSync(client('creation-form.min.js'), 'utf8'), {
                ...widgetParts,
                parts,
              });
              const script = shippedAsset(base, 'form', client('creation-form.min.js'), source);
              // A page of its own for the form runs it from the start.
              const name = script.path.slice(script.path.lastIndexOf('/') + 1);
              const open = shippedAsset(
                base,
                'form-open',
                new URL('file:///form-open.js'),
                `import run from './${name}';\nrun(document.getElementById('sc-c'));\n`,
              );
              return { form: script, formOpen: open, ...widgetParts };
            })()
          : undefined;
        // With a collector, the beacon rides in the share script's file (see `client/with-beacon.ts`),
        // and with creations on, the few lines that open the form's script (`client/with-form.ts`).
        const script = client(creations ? 'with-form.min.js' : endpoint ? 'with-beacon.min.js' : 'share-block.min.js');
        const lazyParts = { mastodon, selection, ...(form ? { form: form.form } : {}) };
        const css = readFileSync(client('share-block.min.css'), 'utf8');
        assets = {
          // The share script loads its on-demand parts by their hashed names, relative to itself.
          share: shippedAsset(
            base,
            'share',
            script,
            withEndpoint(linkLazyParts(readFileSync(script, 'utf8'), lazyParts), endpoint),
          ),
          css: shippedAsset(
            base,
            'share',
            client('share-block.min.css'),
            creations ? css + readFileSync(client('creation-form.min.css'), 'utf8') : css,
          ),
          // The gallery's look, loaded only by posts that show readers' creations.
          gallery: shippedAsset(base, 'gallery', client('gallery.min.css')),
          mastodon,
          selection,
          parts,
          ...form,
        };

        const optionsHash = createHash('sha256').update(JSON.stringify(resolved)).digest('hex').slice(0, 8);
        markdownContext = {
          name: `sharecraft-marker@${PACKAGE_VERSION}+m${MARKER_FORMAT}+${optionsHash}`,
          root,
          astro,
        };
        pipeline = addMarkdownPlugins(
          config,
          (patch) => updateConfig(patch as Parameters<typeof updateConfig>[0]),
          markdownContext,
        );

        const pageConfig: Omit<PageConfig, 'rules'> & { strict: boolean } = {
          actions: resolved.networks,
          utm: resolved.utm,
          locale: resolved.locale,
          strings: resolved.strings,
          remixUrl: resolved.remix.url,
          selectionSharing: resolved.selectionSharing,
          site: config.site,
          base,
          assets: {
            share: assets.share.path,
            css: assets.css.path,
            ...(assets.gallery ? { gallery: assets.gallery.path } : {}),
            ...(assets.formOpen ? { formOpen: assets.formOpen.path } : {}),
          },
          cards: resolved.cards ? { override: resolved.cards.override } : false,
          creations,
          gallery: gallery?.data,
          strict: resolved.strict,
        };
        const moduleSource =
          `const config = ${JSON.stringify(pageConfig)};\n` +
          `config.rules = { markdown: ${resolved.posts.markdown}, matchEntryUrl: ${resolved.posts.matchEntryUrl}, include: ${serialisePatterns(resolved.posts.include)}, exclude: ${serialisePatterns(resolved.posts.exclude)} };\n` +
          'export default config;\n';
        const served = Object.values(assets);
        const cardsInDev =
          command === 'dev' && resolved.cards
            ? devCards({
                cards: () => shared?.cards ?? new Map(),
                options: resolved.cards,
                root: fileURLToPath(config.root),
                site: config.site,
                prefix: `${base}${CARDS_DIR}/`,
                logger,
              })
            : undefined;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'sharecraft:page-config',
                resolveId: (id: string) => (id === VIRTUAL_CONFIG ? `\0${VIRTUAL_CONFIG}` : undefined),
                load: (id: string) => (id === `\0${VIRTUAL_CONFIG}` ? moduleSource : undefined),
                // In `astro dev` the files are served from memory at the URLs the build writes.
                configureServer(server) {
                  server.middlewares.use((req, res, next) => {
                    const asset = served.find((entry) => req.url === entry.path);
                    const image = req.url ? gallery?.files.get(req.url) : undefined;
                    if (image) {
                      res.setHeader('content-type', image.contentType);
                      res.end(image.bytes);
                      return;
                    }
                    if (!asset) return next();
                    res.setHeader('content-type', asset.contentType);
                    res.end(asset.source);
                  });
                  if (cardsInDev) {
                    server.middlewares.use((req, res, next) => void cardsInDev(req, res, next));
                    // A custom template is not in Vite's module graph: reload the preview when it changes.
                    const template = resolved.cards ? resolved.cards.template : undefined;
                    if (typeof template === 'string') {
                      const file = fileURLToPath(new URL(template, config.root));
                      server.watcher.add(file);
                      server.watcher.on('change', (changed) => {
                        if (changed === file) server.ws.send({ type: 'full-reload', path: '*' });
                      });
                    }
                  }
                },
              },
              {
                // Approved creations for components (`<Creations />`): GalleryData, by page id.
                name: 'sharecraft:creations',
                resolveId: (id: string) => (id === VIRTUAL_CREATIONS ? `\0${VIRTUAL_CREATIONS}` : undefined),
                load: (id: string) =>
                  id === `\0${VIRTUAL_CREATIONS}`
                    ? `export default ${JSON.stringify(gallery?.data ?? {})};\n`
                    : undefined,
              },
              {
                name: 'sharecraft:mount-config',
                resolveId: (id: string) => (id === VIRTUAL_MOUNT_CONFIG ? `\0${VIRTUAL_MOUNT_CONFIG}` : undefined),
                load: (id: string) =>
                  id === `\0${VIRTUAL_MOUNT_CONFIG}` && mounted && astroConfig
                    ? mounted.configModule(astroConfig.build.server)
                    : undefined,
              },
            ],
            // The middleware imports a virtual module, so Vite must bundle it rather than leave it to Node;
            // the collector is left to Node, so its SQLite worker thread finds its own files at run time.
            ssr: { noExternal: ['astro-sharecraft'], external: mounted?.ssrExternal ?? [] },
          },
        });
        // One file (see scripts/bundle-middleware.mjs), so Vite does not walk the middleware's modules.
        addMiddleware({ order: 'pre', entrypoint: new URL('./runtime/middleware.bundle.js', import.meta.url) });
        // The middleware runs in this process at build and in dev: let it warn through our logger.
        const routeRenders = new Map<string, boolean>();
        shared = {
          logger,
          routeFiles: new Map(),
          cards: new Map(),
          unplaced: new Map(),
          markerless: new Map(),
          routeRendersMarkdown: (source) => routeRendersMarkdown(root, source, routeRenders),
          shipped: command === 'build' ? new ShippedPages() : undefined,
          creations: loaded && { loaded, licences },
        };
        shareBuildContext(shared);
      },

      'astro:config:done': ({ config, logger, injectTypes }) => {
        // The site's TypeScript knows what `virtual:sharecraft/creations` gives (in .astro/types.d.ts).
        injectTypes({
          filename: 'creations.d.ts',
          content:
            "declare module 'virtual:sharecraft/creations' {\n  const gallery: import('astro-sharecraft').GalleryData;\n  export default gallery;\n}\n",
        });
        // Adapters settle the server and client directories only now.
        astroConfig = config;
        // An integration listed after Sharecraft may have replaced `markdown.processor` since setup.
        if (markdownContext && pipeline) {
          pipeline = addMarkdownPlugins(config, undefined, { ...markdownContext, added: pipeline.added });
          logger.debug(`Markdown pipeline: ${pipeline.description}`);
          if (pipeline.kind === 'unknown') {
            logger.warn(
              `Sharecraft does not know ${pipeline.description} (\`markdown.processor\`), so it cannot mark where your Markdown posts end: only pages matching \`posts.include\` get a share block. Use Astro's \`satteri()\` or \`unified()\` processor, or place \`<ShareBar />\` from 'astro-sharecraft/components' in your post layout.`,
            );
          }
        }
      },

      'astro:routes:resolved': ({ routes, logger }) => {
        shared?.routeFiles.clear();
        for (const route of routes) shared?.routeFiles.set(route.pattern, route.entrypoint);
        if (astroConfig?.site || !building) return;
        // Without `site`, a page rendered on demand takes its share URLs from each request's Host header.
        const onDemand = routes.filter(
          (route) => route.type === 'page' && !route.isPrerendered && route.origin !== 'internal',
        );
        if (onDemand.length > 0) {
          logger.warn(
            `No \`site\` is set, and ${onDemand.length === 1 ? 'this page renders' : 'these pages render'} on demand: ${onDemand
              .slice(0, 5)
              .map((route) => route.pattern)
              .join(
                ', ',
              )}${onDemand.length > 5 ? ', …' : ''}. Their share links and cards take the host from each request's Host header, which behind a proxy or CDN may be an internal host. Set \`site: "https://your-blog.example"\` in astro.config.*.`,
          );
        }
      },

      'astro:build:done': async ({ dir, logger }) => {
        if (!assets) return;
        const outDir = fileURLToPath(dir);
        const base = normaliseBase(astroConfig?.base ?? '/');
        for (const asset of Object.values(assets)) {
          const file = new URL(asset.path.slice(base.length), dir);
          await mkdir(new URL('.', file), { recursive: true });
          await writeFile(file, asset.source);
        }
        for (const [path, image] of gallery?.files ?? []) {
          const file = new URL(path.slice(base.length), dir);
          await mkdir(new URL('.', file), { recursive: true });
          await writeFile(file, image.bytes);
        }
        if (resolved.cards && shared) {
          await buildCards({
            cards: [...shared.cards.values()],
            options: resolved.cards,
            outDir,
            root: fileURLToPath(astroConfig?.root ?? new URL('.', dir)),
            site: astroConfig?.site,
            base,
            strict: resolved.strict,
            logger,
          });
        }
        const manifestStart = performance.now();
        const summary = await writeManifest({
          outDir,
          site: astroConfig?.site,
          base,
          cards: resolved.cards ? shared?.cards : undefined,
          square: resolved.cards ? resolved.cards.square : false,
          shipped: shared?.shipped,
        });
        // Its own time in the summary, so the manifest's share of a build stays visible (see bench/manifest.mjs).
        const manifestMs = Math.round(performance.now() - manifestStart);
        const { pages } = summary.manifest;
        if (mounted && astroConfig) {
          const copy = await copyManifestForServer(summary.file, astroConfig.build.server);
          logger.info(`The mounted collector checks events against ${copy} (a copy of the manifest).`);
        }
        logger.info(
          `${pages.length} post${pages.length === 1 ? '' : 's'} with share blocks; manifest ${summary.manifest.buildId} written to ${summary.file} (manifest: ${pages.length} page${pages.length === 1 ? '' : 's'} in ${manifestMs} ms)`,
        );
        if (shared) {
          const markdown = {
            description: pipeline?.description ?? 'the Markdown processor',
            known: pipeline?.kind !== 'unknown',
          };
          for (const line of summariseUnplaced(shared, markdown, pages.length)) logger[line.level](line.text);
        }
        if (!resolved.collector.endpoint && !mounted) {
          logger.info(
            'No `collector.endpoint` or `collector.mount` set, so no beacon was added and nothing is measured.',
          );
        }
      },
    },
  };
}
