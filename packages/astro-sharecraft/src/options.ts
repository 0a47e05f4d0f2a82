import { z } from 'astro/zod';
import { NETWORK_IDS } from './share/networks.js';

/**
 * Which pages are posts. A post gets the share block, the page slice and the beacon; every other
 * page (the index, tag pages, the 404) is left exactly as Astro rendered it.
 */
const postsSchema = z
  .strictObject({
    /**
     * Treat every page that renders one Markdown or MDX document (a content collection entry's
     * `<Content />`, or a `.md`/`.mdx` file in `src/pages`) as a post.
     * @default true
     */
    markdown: z.boolean().default(true),
    /**
     * URL path patterns of posts whose content is not Markdown, such as `.astro` pages.
     * `*` matches one path segment, `**` any number. A trailing slash does not matter.
     * @default ['/blog/*', '/posts/*', '/post/*', '/articles/*']
     * @example ['/journal/*', '/news/**']
     */
    include: z.array(z.string().startsWith('/')).default(['/blog/*', '/posts/*', '/post/*', '/articles/*']),
    /**
     * URL path patterns that are never posts, even when they render Markdown or match `include`.
     * Listing pages (tags, categories, pagination, archives) are excluded by default.
     * @default tag, category, pagination and archive listings anywhere, plus `/404` and `/500`
     * @example ['/blog/about']
     */
    exclude: z
      .array(z.string().startsWith('/'))
      .default([
        '**/tags',
        '**/tags/**',
        '**/tag/**',
        '**/categories',
        '**/categories/**',
        '**/category/**',
        '**/page/**',
        '**/archive',
        '**/archive/**',
        '/404',
        '/500',
      ]),
  })
  .prefault({});

const collectorSchema = z
  .strictObject({
    /**
     * URL the beacon sends events to: a running `sharecraft serve`, or a path on your own origin when
     * the collector is mounted in your site. Without it, no beacon is added and nothing is measured.
     * @example 'https://stats.example.com/e'
     */
    endpoint: z.string().optional(),
  })
  .prefault({});

export const optionsSchema = z
  .strictObject({
    /**
     * Networks the share block links to, in this order. Each is a plain link that works without
     * JavaScript; a copy-link control always comes last.
     * @default ['x', 'bluesky', 'linkedin', 'email']
     * @example ['bluesky', 'x', 'reddit', 'email']
     */
    networks: z.array(z.enum(NETWORK_IDS)).default(['x', 'bluesky', 'linkedin', 'email']),
    /** Which pages are posts. */
    posts: postsSchema,
    /** Where engagement events go. */
    collector: collectorSchema,
    /**
     * Fail the build on a problem with one post (a missing title, a post with no place for the share
     * block) instead of warning and going on.
     * @default false
     */
    strict: z.boolean().default(false),
  })
  .prefault({});

/** Options as written in `astro.config.*`. */
export type SharecraftOptions = z.input<typeof optionsSchema>;
/** Options after defaults are applied. */
export type ResolvedSharecraftOptions = z.output<typeof optionsSchema>;
