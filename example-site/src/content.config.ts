import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),
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
