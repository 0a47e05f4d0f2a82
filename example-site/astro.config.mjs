import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import sharecraft from 'astro-sharecraft';

// Astro 7 defaults: Sätteri renders both the .md and the .mdx posts.
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://kettlewren.example',
  integrations: [
    mdx(),
    sharecraft({ collector: { endpoint: process.env.SHARECRAFT_ENDPOINT ?? 'http://127.0.0.1:4322/api/events' } }),
  ],
});
