import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * Drops `draft: true` entries from the collection when building for production, after the wrapped
 * loader has validated them. The pages filter drafts out too; doing it here as well means a draft's
 * hero image is never emitted into `dist/` either.
 */
function withoutDraftsInBuild(loader: Loader): Loader {
  return {
    ...loader,
    name: `${loader.name}-without-drafts`,
    load: async (context) => {
      await loader.load(context);
      if (!import.meta.env.PROD) return;
      for (const [id, entry] of context.store.entries()) {
        if (entry.data.draft === true) context.store.delete(id);
      }
    },
  };
}

const blog = defineCollection({
  loader: withoutDraftsInBuild(glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' })),
  schema: ({ image }) =>
    z.object({
      title: z.string(),
      description: z.string(),
      pubDate: z.coerce.date(),
      updatedDate: z.coerce.date().optional(),
      author: z.string(),
      tags: z.array(z.string()),
      heroImage: image(),
      heroAlt: z.string(),
      draft: z.boolean().default(false),
      /** BCP-47 language tag of the post; the site itself is in English. */
      lang: z
        .string()
        .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a BCP-47 language tag such as en, ja or ar')
        .default('en'),
    }),
});

export const collections = { blog };
