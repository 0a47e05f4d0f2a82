import { z } from 'astro/zod';
import { SHARE_ACTIONS } from './share/networks.js';

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

const remixSchema = z
  .strictObject({
    /**
     * Where the remix call-to-action sends a reader who wants to make something in response: your
     * creation form, or any page. It receives the post as `post` (URL) and `title`, and a shared
     * quote as `quote`. Without it, no remix invitation is shown.
     * @example '/create'
     */
    url: z.string().min(1).optional(),
  })
  .prefault({});

export const optionsSchema = z
  .strictObject({
    /**
     * Share actions in the block, in this order. Networks are plain links that work without
     * JavaScript; `native` (the device's share sheet), `copy` and `mastodon` appear once the share
     * script runs, and only where the browser can do them.
     *
     * The default is short on purpose: on phones the share sheet reaches mail, messengers and
     * Mastodon apps, on desktops copy-link reaches anything, and each further network adds about
     * 150 to 300 bytes (its link and icon) to every post.
     * @default ['native', 'x', 'bluesky', 'linkedin', 'copy']
     * @example ['bluesky', 'mastodon', 'x', 'reddit', 'hackernews', 'copy']
     */
    networks: z
      .array(z.enum(SHARE_ACTIONS))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'list each network once')
      .default(['native', 'x', 'bluesky', 'linkedin', 'copy']),
    /**
     * Add `utm_source` (the network) and `utm_medium=social` to shared links, so any analytics
     * tool can tell shared visits apart. Values already in your URLs are kept.
     * @default true
     */
    utm: z.boolean().default(true),
    /**
     * Language of the block's text. By default each post's own `<html lang>` decides, so a
     * Japanese post gets Japanese labels; English is the fallback.
     * @example 'de'
     */
    locale: z.string().optional(),
    /**
     * Replace any of the block's texts, for every language.
     * @example { heading: 'Pass it on' }
     */
    strings: z.record(z.string(), z.unknown()).optional(),
    /** The invitation to make something in response to a post. */
    remix: remixSchema,
    /**
     * Show a small popover of the block's first three networks when a reader selects text in a
     * post; it shares the selection with a link that opens the post scrolled to it.
     * @default true
     */
    selectionSharing: z.boolean().default(true),
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
