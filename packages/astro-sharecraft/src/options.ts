import { creationLicenceSchema, DEFAULT_CREATION_LICENCES, MAX_EVENTS_PER_BATCH } from '@sharecraft/protocol';

import { z } from 'astro/zod';
import { SHARE_ACTIONS } from './share/networks.js';

/**
 * Which pages are posts. A post gets the share block, the page slice and the beacon; every other
 * page (the index, tag pages, the 404) is left exactly as Astro rendered it.
 */
const postsSchema = z
  .strictObject({
    /**
     * Treat a page that renders one Markdown or MDX document (a content collection entry's
     * `<Content />`, or a `.md`/`.mdx` file in `src/pages`) as a post, when it is that document's
     * own page (see `matchEntryUrl`).
     * @default true
     */
    markdown: z.boolean().default(true),
    /**
     * A page that renders one Markdown or MDX entry is a post only when its URL is that entry's own
     * page: its last path segment matches the entry's file name (its folder's, for `index.md`, with or
     * without a leading date), its frontmatter `slug`, or its title, compared on letters and digits.
     * So a home page or a listing that shows one entry inline (the latest note, a pinned post) gets
     * no block. A page that matches `include` is a post either way. Set `false` if your post URLs are
     * made of something else (an id or a date alone); every page that renders exactly one entry is
     * then a post.
     * @default true
     */
    matchEntryUrl: z.boolean().default(true),
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

/** An origin as browsers send it: scheme, host and port, nothing after. */
const originSchema = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'an origin like https://blog.example (scheme, host and port only, no path or trailing slash)');

/**
 * The collector run inside this site, as server endpoints on its own origin (first-party, so
 * fewer readers' blockers drop the events). Needs an adapter, such as `@astrojs/node`.
 */
const mountSchema = z.strictObject({
  /**
   * URL path the collector answers under, below your site's `base`: events are posted to
   * `<path>/api/events` and the stats API is `<path>/api/stats`.
   * @default '/_sharecraft'
   * @example '/stats'
   */
  path: z
    .string()
    .regex(/^(\/[\w.~-]+)+$/, 'a path like /_sharecraft (a leading slash, no trailing slash, no spaces)')
    .default('/_sharecraft'),
  /**
   * Where events are stored: an SQLite file, relative to the project root (created if missing), or a
   * `postgres://user:pass@host:port/db` URL. Without it, the server reads the `SHARECRAFT_DB`
   * environment variable at run time, then falls back to `./sharecraft.db` in the project root.
   * `astro dev` always writes to its own file under Astro's cache directory instead.
   * @default './sharecraft.db'
   * @example '/var/lib/sharecraft/events.db'
   */
  database: z.string().min(1).optional(),
  /**
   * Bearer token for `GET <path>/api/stats`, at least 16 characters. Prefer leaving it out and
   * setting the `SHARECRAFT_STATS_TOKEN` environment variable where the server runs: a token written
   * here is compiled into the server's code. With neither, the stats API is off.
   */
  statsToken: z.string().min(16, 'at least 16 characters; make one with `openssl rand -hex 24`').optional(),
  /**
   * Other origins whose pages may send events here, besides this site's own (always allowed).
   * Astro's `security.checkOrigin` refuses cross-site `text/plain` posts before they reach the
   * collector, so other origins also need it turned off.
   * @default []
   * @example ['https://www.blog.example']
   */
  allowOrigins: z.array(originSchema).default([]),
  /**
   * Events per minute one visitor may send; 0 turns the limit off. The limit is kept in the
   * server's memory.
   * @default 600
   */
  rateLimit: z
    .number()
    .int()
    .min(0)
    .refine((value) => value === 0 || value >= MAX_EVENTS_PER_BATCH, `0 (off) or at least ${MAX_EVENTS_PER_BATCH}`)
    .optional(),
});

const collectorSchema = z
  .strictObject({
    /**
     * URL the beacon sends events to: a running `sharecraft serve`, or a path on your own origin when
     * the collector is mounted in your site. Without it (and without `mount`), no beacon is added
     * and nothing is measured.
     * @example 'https://stats.example.com/e'
     */
    endpoint: z.string().optional(),
    /**
     * Run the collector inside this site, as server endpoints on its own origin, with the same
     * handlers as `sharecraft serve`. `true` takes every default; the beacon then reports to it
     * unless `endpoint` says otherwise. Needs an adapter (such as `@astrojs/node`) and the
     * `@sharecraft/collector` package.
     * @default false
     * @example true
     * @example { path: '/stats', database: './data/events.db' }
     */
    mount: z
      .union([z.boolean(), mountSchema])
      .optional()
      .transform((value) => (value === true ? mountSchema.parse({}) : value || undefined)),
  })
  .prefault({});

const colour = z.string().optional();

/** A font weight, as CSS names them. */
const fontWeight = z.union([
  z.literal(100),
  z.literal(200),
  z.literal(300),
  z.literal(400),
  z.literal(500),
  z.literal(600),
  z.literal(700),
  z.literal(800),
  z.literal(900),
]);

/** A font file of the owner's, or an installed Fontsource package. */
const fontSchema = z.union([
  z.strictObject({
    /** A WOFF, WOFF2, TTF or OTF file, relative to the project root. */
    path: z.string(),
    /** The family name templates use. */
    family: z.string(),
    weight: z
      .union([
        z.literal(100),
        z.literal(200),
        z.literal(300),
        z.literal(400),
        z.literal(500),
        z.literal(600),
        z.literal(700),
        z.literal(800),
        z.literal(900),
      ])
      .optional(),
    style: z.enum(['normal', 'italic']).optional(),
  }),
  z.strictObject({
    /** An installed Fontsource package, e.g. `@fontsource/noto-sans-devanagari`. */
    fontsource: z.string(),
    weights: z.array(fontWeight).optional(),
  }),
]);

/**
 * Share cards: a 1200×630 PNG for every post, rendered at build, and the Open Graph and Twitter tags
 * that point to it. `false` turns them off. A post opts out with `card: false` in its frontmatter,
 * or sets `card: { title, image }`.
 */
const cardsSchema = z.union([
  z.literal(false),
  z
    .strictObject({
      /**
       * The brand on every card: a name, and a logo file (SVG, PNG, JPEG, WebP, GIF) relative to the
       * project root.
       * @default { name: your site's host name }
       */
      brand: z.strictObject({ name: z.string().optional(), logo: z.string().optional() }).optional(),
      /**
       * The default template's colours: any CSS colour. An invalid one is a warning naming it, and the
       * default is used.
       */
      colors: z
        .strictObject({ background: colour, foreground: colour, muted: colour, accent: colour, onAccent: colour })
        .optional(),
      /** Fonts to use before the bundled ones (Latin, Arabic, Hebrew, CJK and emoji ship with Sharecraft). */
      fonts: z.array(fontSchema).optional(),
      /**
       * Your own template: a module path (relative to the project root) whose default export takes the
       * post's data and returns satori markup, rendered in parallel; or the function itself, rendered
       * on the main thread. See the `@sharecraft/cards` README for the markup it accepts.
       */
      template: z
        .union([
          z.string(),
          z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'a function'),
        ])
        .optional(),
      /** Bump it to re-render every card after changing something your template imports. */
      templateVersion: z.string().optional(),
      /**
       * Also render a 1080×1080 card per post (`<post>-square.png`), for networks that crop to a square.
       * @default false
       */
      square: z.boolean().default(false),
      /**
       * Where unchanged cards are kept between builds: point it at a directory your CI caches. `false`
       * renders every card every time.
       * @default 'node_modules/.cache/sharecraft-cards'
       */
      cacheDir: z.union([z.string(), z.literal(false)]).optional(),
      /**
       * Replace an og:image the page declares itself. By default a page's own image is kept.
       * @default false
       */
      override: z.boolean().default(false),
      /** Worker threads to render with. @default the available cores */
      concurrency: z.number().int().min(1).optional(),
    })
    .prefault({}),
]);

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

/** An export file of approved creations, and the folder its images were written to. */
const creationFileSchema = z.strictObject({
  /** The file `sharecraft creations export --approved --out <file>` wrote. */
  file: z.string().min(1),
  /** The folder given to `--images`; by default the file's own folder. */
  images: z.string().min(1).optional(),
});

/** Where the build reads approved creations: an export file, or the collector's owner API. */
export const creationSourceSchema = z.union([
  creationFileSchema,
  z.strictObject({
    /** Base URL of the collector (`sharecraft serve`), e.g. `https://stats.example.com`. */
    collector: z.url({ protocol: /^https?$/ }),
    /** Name of the environment variable that holds the admin token (`--admin-token` of `serve`). */
    token: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'name an environment variable, e.g. SHARECRAFT_ADMIN_TOKEN')
      .default('SHARECRAFT_ADMIN_TOKEN'),
    /** An export file to use, with a warning, when the collector cannot be read. */
    fallback: z.union([z.string().min(1), creationFileSchema]).optional(),
  }),
]);
export type CreationSourceOption = z.input<typeof creationSourceSchema>;
export type CreationSource = z.output<typeof creationSourceSchema>;

const creationsObject = z.strictObject({
  /**
   * The licences a reader may choose for a creation they agree to have published, in this order
   * (the first is preselected). Each is `{ id, label, url? }`; `id` is what the form sends.
   * Letters to the author need none.
   * @default CC BY 4.0, and "Only on this site"
   * @example [{ id: 'cc-by-sa-4.0', label: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' }]
   */
  licences: z
    .array(creationLicenceSchema)
    .min(1)
    .refine((list) => new Set(list.map((licence) => licence.id)).size === list.length, 'give each licence its own id')
    .optional(),
  /**
   * Base URL of the collector that receives creations (`<url>/api/creations`), when it cannot be
   * told from `collector.endpoint`: that is, when the endpoint is not `<collector>/api/events`.
   * @example 'https://stats.example.com'
   */
  collector: z.string().min(1).optional(),
  /**
   * Where the build finds the approved creations it shows under each post (and gives the
   * `virtual:sharecraft/creations` module). Either an export file, written by
   * `sharecraft creations export --approved --out creations.json --images creations`
   * (`images`: the folder given to `--images`; by default the file's own folder), or your
   * collector's owner API (`GET /api/creations?status=approved`), read with the admin token from
   * the environment variable `token` names. A collector that cannot be read fails the build,
   * unless `fallback` names an export file to use instead (with a warning). Paths are relative to
   * the project root. Without it, no creations are shown.
   * @example { file: 'creations.json', images: 'creations' }
   * @example { collector: 'https://stats.example.com', fallback: 'creations.json' }
   */
  source: creationSourceSchema.optional(),
});

/**
 * Reader creations: under each post's share block, an invitation ("Made something from this?") that
 * opens a form on the post itself, through which a reader sends what they made (or a private letter
 * to the author) to your collector, which holds it for your review. The remix call-to-action then
 * leads to this form. `true` takes every default. Needs a collector (`collector.endpoint` or
 * `collector.mount`).
 * @default false
 * @example true
 * @example { licences: [{ id: 'cc-by-nc-4.0', label: 'CC BY-NC 4.0' }] }
 */
const creationsSchema = z
  .union([z.boolean(), creationsObject])
  .default(false)
  .transform((value) =>
    value === false
      ? undefined
      : {
          licences: (value === true ? undefined : value.licences) ?? [...DEFAULT_CREATION_LICENCES],
          collector: value === true ? undefined : value.collector,
          source: value === true ? undefined : value.source,
          /** Licences the owner did not choose: their labels are translated with the form. */
          defaultLicences: value === true || !value.licences,
        },
  );

export const optionsSchema = z
  .strictObject({
    /**
     * Share actions in the block, in this order. Networks are plain links that work without
     * JavaScript; `native` (the device's share sheet), `copy` and `mastodon` appear once the share
     * script runs, and only where the browser can do them.
     *
     * The default is short on purpose: on phones (and in most desktop browsers) the share sheet
     * reaches every app the reader has, Bluesky, Threads, Mastodon and messengers included; copy
     * link reaches anything else; and each further network adds about 150 to 300 bytes (its link
     * and icon) to every post, which the 3 KB budget for the block and the beacon does not leave.
     * @default ['native', 'x', 'linkedin', 'copy']
     * @example ['bluesky', 'mastodon', 'x', 'reddit', 'hackernews', 'copy']
     */
    networks: z
      .array(z.enum(SHARE_ACTIONS))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'list each network once')
      .default(['native', 'x', 'linkedin', 'copy']),
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
    /** Reader creations: a form under each post for what readers made from it. */
    creations: creationsSchema,
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
    /** Share cards for every post, and the meta tags that show them. */
    cards: cardsSchema.prefault({}),
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
/** `collector.mount` as written, when it is an object. */
export type MountOptions = z.input<typeof mountSchema>;
/** `collector.mount` with its defaults applied. */
export type ResolvedMountOptions = z.output<typeof mountSchema>;
