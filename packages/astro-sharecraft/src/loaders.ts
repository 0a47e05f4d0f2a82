import { mkdir, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreationLicence } from '@sharecraft/protocol';
import { AstroError } from 'astro/errors';
import type { Loader } from 'astro/loaders';
import { z } from 'astro/zod';
import { type LoadedCreations, loadCreations } from './creations/load-creations.js';
import { firstWebLink, imageFileName, resolveLicence } from './creations/load-gallery.js';
import { type CreationSourceOption, creationSourceSchema } from './options.js';
import { buildContext } from './runtime/build-context.js';

export type { CreationSourceOption } from './options.js';

/** Options of `creationsLoader()`; without them, it takes `creations.source` from the integration. */
export interface CreationsLoaderOptions {
  /** Where approved creations come from, as `creations.source` of the integration. */
  source: CreationSourceOption;
  /** The licences offered, to label each creation's; by default the integration's defaults. */
  licences?: CreationLicence[];
}

/** Where the loader copies creation images, under Astro's cache folder, for Astro's image pipeline. */
const IMAGES_FOLDER = 'sharecraft-creations/';

/**
 * The schema of a creation entry. Give it Astro's `image` helper (from the collection's schema
 * function) and each entry's `image.src` is an image Astro's pipeline optimises (`<Image />`);
 * without it, `image.src` is the path of the copied file, relative to the entry's `filePath`.
 *
 * @example
 * defineCollection({ loader: creationsLoader(), schema: ({ image }) => creationSchema({ image }) })
 */
export function creationSchema(helpers: { image?: () => z.ZodType } = {}) {
  return z.object({
    /** `creation`, or `mention` (an approved webmention). */
    kind: z.string(),
    /** The post's page id, as the manifest lists it. */
    pageId: z.string(),
    /** The post's URL, as the reader's form sent it. */
    postUrl: z.string(),
    title: z.string(),
    /** Plain text as the reader typed it: escape it (Astro's `{}` does). */
    text: z.string(),
    /** Name to credit. */
    credit: z.string(),
    /** The first http(s) link the reader gave: link the credit there with `rel="ugc nofollow"`. */
    link: z.string().nullable(),
    /** Every link the reader gave. */
    links: z.array(z.string()),
    /** The licence the reader chose, labelled from `creations.licences`; null for none. */
    licence: z.object({ id: z.string(), label: z.string(), url: z.string().optional() }).nullable(),
    /** The quote the reader shared or selected, if any. */
    quote: z.string().nullable(),
    createdAt: z.coerce.date(),
    image: z
      .object({
        src: helpers.image ? helpers.image() : z.string(),
        alt: z.string(),
        width: z.number(),
        height: z.number(),
      })
      .nullable(),
  });
}

/**
 * An Astro content loader of readers' approved creations (never letters, never emails): from the
 * export file or the collector `creations.source` names (the integration's own, unless `options`
 * name another), with each image copied into the project so Astro's image pipeline can take it.
 * A source that cannot be read fails the build with an AstroError, as the integration's does.
 *
 * @example
 * // src/content.config.ts
 * import { defineCollection } from 'astro:content';
 * import { creationSchema, creationsLoader } from 'astro-sharecraft/loaders';
 * export const collections = {
 *   creations: defineCollection({ loader: creationsLoader(), schema: ({ image }) => creationSchema({ image }) }),
 * };
 */
export function creationsLoader(options?: CreationsLoaderOptions): Loader {
  const source = options ? creationSourceSchema.parse(options.source) : undefined;
  return {
    name: 'astro-sharecraft/creations',
    schema: creationSchema(),
    async load({ store, parseData, logger, config, generateDigest }) {
      const root = fileURLToPath(config.root);
      const shared = buildContext()?.creations;
      let loaded: LoadedCreations;
      let licences: readonly CreationLicence[];
      if (source) {
        loaded = await loadCreations(source, { root, logger });
        licences = options?.licences ?? [];
      } else if (shared) {
        loaded = await shared.loaded;
        licences = shared.licences;
      } else {
        throw new AstroError(
          'creationsLoader() has no source of creations: neither its own options nor `creations.source` of the Sharecraft integration name one.',
          "Set `creations: { source: { file: 'creations.json' } }` in `sharecraft({ … })`, or pass `creationsLoader({ source: { file: 'creations.json' } })`.",
        );
      }
      const folder = new URL(IMAGES_FOLDER, config.cacheDir);
      await mkdir(folder, { recursive: true });
      store.clear();
      for (const { record, image } of loaded.creations) {
        let shown: { src: string; alt: string; width: number; height: number } | null = null;
        if (image && record.image) {
          const name = imageFileName(image);
          await writeFile(new URL(name, folder), image.bytes);
          shown = { src: `./${name}`, alt: record.image.alt, width: record.image.width, height: record.image.height };
        }
        // Relative to the project root: image paths resolve from the folder the images are in.
        const filePath = relative(root, fileURLToPath(new URL(`${record.id}.json`, folder)))
          .split('\\')
          .join('/');
        const raw = {
          kind: record.kind,
          pageId: record.pageId,
          postUrl: record.postUrl,
          title: record.title,
          text: record.text,
          credit: record.credit,
          link: firstWebLink(record.links),
          links: record.links,
          licence: resolveLicence(record.licence, licences, logger),
          quote: record.quote,
          createdAt: record.createdAt,
          image: shown,
        };
        const data = await parseData({ id: record.id, data: raw, filePath });
        store.set({ id: record.id, data, filePath, digest: generateDigest(raw) });
      }
      const posts = new Set(loaded.creations.map(({ record }) => record.pageId)).size;
      const count = loaded.creations.length;
      logger.info(
        `${count} approved creation${count === 1 ? '' : 's'} for ${posts} post${posts === 1 ? '' : 's'} from ${loaded.from}`,
      );
    },
  };
}
