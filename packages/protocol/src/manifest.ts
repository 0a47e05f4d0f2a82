import { z } from 'zod';
import { MANIFEST_VERSION } from './constants.js';
import { CTA_ID_PATTERN, PAGE_ID_LENGTH } from './page-id.js';

export { MANIFEST_PATH, MANIFEST_VERSION, PAGE_SLICE_ELEMENT_ID } from './constants.js';

const pageId = z
  .string()
  .regex(new RegExp(`^[0-9a-z]{${PAGE_ID_LENGTH}}$`))
  .describe('Stable page id derived from the canonical path.');

/** Kinds of call-to-action a page can carry. */
export const CTA_KINDS = ['share', 'copy', 'native', 'quote', 'remix'] as const;

export const manifestCtaSchema = z.strictObject({
  id: z
    .string()
    .regex(CTA_ID_PATTERN)
    .describe('Stable id of this call-to-action: `<placement>.<action>`, e.g. `end.x`.'),
  kind: z.enum(CTA_KINDS),
  network: z.string().optional().describe('For share actions: the network, e.g. "x" or "bluesky".'),
  placement: z.string().describe('Where on the page the block sits, e.g. "end".'),
});
export type ManifestCta = z.infer<typeof manifestCtaSchema>;

/** A share card image the build made for a page. */
export const manifestCardSchema = z.strictObject({
  url: z
    .string()
    .regex(/^(https?:\/\/|\/)/)
    .describe('Where the card is served: absolute with `site` configured, else a path from the site root.'),
  width: z.int().positive(),
  height: z.int().positive(),
});
export type ManifestCard = z.infer<typeof manifestCardSchema>;

/** A form on the page through which readers submit what they made in response. */
export const manifestFormSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .describe('Stable id of the form, as creation events (`f`) name it.'),
  placement: z.string().describe('Where on the page the form sits, e.g. "end".'),
});
export type ManifestForm = z.infer<typeof manifestFormSchema>;

export const manifestPageSchema = z.strictObject({
  id: pageId,
  path: z.string().startsWith('/').describe('Canonical path of the page.'),
  url: z.url().nullable().describe('Absolute canonical URL; null when the site has no `site` configured.'),
  title: z.string().describe('Title of the post; empty when the post has none.'),
  contentHash: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16}$/)
    .describe(
      "Hash of the post's text as readers see it (Sharecraft's own markup left out): it changes when the post is edited, not when the site's styles or scripts do.",
    ),
  cards: z.array(manifestCardSchema).describe('Share card images rendered for the page; empty without cards.'),
  ctas: z.array(manifestCtaSchema),
  forms: z.array(manifestFormSchema).describe('Creation forms on the page.'),
});
export type ManifestPage = z.infer<typeof manifestPageSchema>;

export const manifestSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(MANIFEST_VERSION),
  site: z.url().nullable(),
  buildId: z.string().min(1),
  generatedAt: z.iso.datetime(),
  pages: z.array(manifestPageSchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * The slice of the manifest that a page embeds for the beacon: only its own ids, so the beacon
 * never downloads the whole manifest. Keys are one letter because it ships in every post.
 */
export const pageSliceSchema = z.strictObject({
  v: z.literal(MANIFEST_VERSION),
  /** Page id. */
  p: pageId,
  /** Collector endpoint events go to. Absent when the site has no collector configured. */
  e: z.string().optional(),
});
export type PageSlice = z.infer<typeof pageSliceSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`;
}

/** Validates a manifest read from a file or a site. Never throws. */
export function parseManifest(json: unknown): ParseResult<Manifest> {
  const parsed = manifestSchema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: firstIssue(parsed.error) };
}

/** Validates a page slice. Never throws. */
export function parsePageSlice(json: unknown): ParseResult<PageSlice> {
  const parsed = pageSliceSchema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: firstIssue(parsed.error) };
}
