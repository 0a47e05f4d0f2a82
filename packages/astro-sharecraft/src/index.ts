import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroConfig, AstroIntegration } from 'astro';
import picomatch from 'picomatch';
import { writeManifest } from './manifest/write-manifest.js';
import { addMarkdownPlugins } from './markdown/add-markdown-plugins.js';
import type { SharecraftOptions } from './options.js';
import { MARKER_FORMAT } from './page/slot-marker.js';
import type { PageConfig } from './page/transform-page.js';
import { type BuildContext, shareBuildContext } from './runtime/build-context.js';
import { validateOptions } from './validate-options.js';

export type { SharecraftOptions } from './options.js';

const PACKAGE_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
const VIRTUAL_CONFIG = 'virtual:sharecraft/page-config';

/** A file Sharecraft serves from the site's own origin: no third party is ever asked for it. */
interface ShippedAsset {
  /** URL path the page links to, under the site's base; its name carries a content hash. */
  path: string;
  source: string;
  contentType: string;
}

function shippedAsset(base: string, name: string, file: URL): ShippedAsset {
  const source = readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(source).digest('base64url').slice(0, 10);
  const extension = file.pathname.endsWith('.css') ? 'css' : 'js';
  return {
    path: `${base}_sharecraft/${name}.${hash}.${extension}`,
    source,
    contentType: extension === 'css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
  };
}

function serialisePatterns(patterns: string[]): string {
  return `[${patterns
    .map((pattern) => {
      const re = picomatch.makeRe(pattern);
      return `new RegExp(${JSON.stringify(re.source)}, ${JSON.stringify(re.flags)})`;
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
  let assets: { beacon: ShippedAsset; share: ShippedAsset; css: ShippedAsset } | undefined;
  let shared: BuildContext | undefined;

  return {
    name: 'astro-sharecraft',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig, addMiddleware, logger }) => {
        astroConfig = config;
        if (!config.site && command !== 'dev') {
          logger.warn(
            'No `site` in your Astro config, so share links cannot carry your real URL. Set `site: "https://your-blog.example"` in astro.config.*.',
          );
        }
        const base = normaliseBase(config.base);
        assets = {
          beacon: shippedAsset(base, 'beacon', new URL(import.meta.resolve('@sharecraft/beacon/beacon.min.js'))),
          share: shippedAsset(base, 'share', new URL('./client/share-block.min.js', import.meta.url)),
          css: shippedAsset(base, 'share', new URL('./client/share-block.min.css', import.meta.url)),
        };

        const optionsHash = createHash('sha256').update(JSON.stringify(resolved)).digest('hex').slice(0, 8);
        const pipeline = addMarkdownPlugins(
          config,
          (patch) => updateConfig(patch as Parameters<typeof updateConfig>[0]),
          {
            name: `sharecraft-marker@${PACKAGE_VERSION}+m${MARKER_FORMAT}+${optionsHash}`,
            root: fileURLToPath(config.root),
          },
        );
        logger.debug(`Markdown pipeline: ${pipeline}`);

        const pageConfig: Omit<PageConfig, 'rules'> & { strict: boolean } = {
          actions: resolved.networks,
          utm: resolved.utm,
          locale: resolved.locale,
          strings: resolved.strings,
          remixUrl: resolved.remix.url,
          selectionSharing: resolved.selectionSharing,
          site: config.site,
          base,
          endpoint: resolved.collector.endpoint,
          assets: { beacon: assets.beacon.path, share: assets.share.path, css: assets.css.path },
          strict: resolved.strict,
        };
        const moduleSource =
          `const config = ${JSON.stringify(pageConfig)};\n` +
          `config.rules = { markdown: ${resolved.posts.markdown}, include: ${serialisePatterns(resolved.posts.include)}, exclude: ${serialisePatterns(resolved.posts.exclude)} };\n` +
          'export default config;\n';
        const served = Object.values(assets);
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
                    if (!asset) return next();
                    res.setHeader('content-type', asset.contentType);
                    res.end(asset.source);
                  });
                },
              },
            ],
            // The middleware imports a virtual module, so Vite must bundle it rather than leave it to Node.
            ssr: { noExternal: ['astro-sharecraft'] },
          },
        });
        addMiddleware({ order: 'pre', entrypoint: new URL('./runtime/middleware.js', import.meta.url) });
        // The middleware runs in this process at build and in dev: let it warn through our logger.
        shared = { logger, routeFiles: new Map() };
        shareBuildContext(shared);
      },

      'astro:routes:resolved': ({ routes }) => {
        shared?.routeFiles.clear();
        for (const route of routes) shared?.routeFiles.set(route.pattern, route.entrypoint);
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
        const summary = await writeManifest(outDir, astroConfig?.site);
        const { pages } = summary.manifest;
        logger.info(
          `${pages.length} post${pages.length === 1 ? '' : 's'} with share blocks; manifest ${summary.manifest.buildId} written to ${summary.file}`,
        );
        if (!resolved.collector.endpoint) {
          logger.info('No `collector.endpoint` set, so no beacon was added and nothing is measured.');
        }
      },
    },
  };
}
