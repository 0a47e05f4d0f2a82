import mdx from '@astrojs/mdx';
import { defineConfig, passthroughImageService } from 'astro/config';
import sharecraft from 'astro-sharecraft';

// Astro 7 defaults: Sätteri renders both the .md and the .mdx posts (no `markdown.processor` set).
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://kettlewren.example',
  integrations: [
    mdx(),
    sharecraft({ collector: { endpoint: process.env.SHARECRAFT_ENDPOINT ?? 'http://127.0.0.1:4322/api/events' } }),
  ],
  // Every image on the site is a hand-written SVG, which needs no processing. Astro's default Sharp
  // service still loads Sharp before passing an SVG through, and Sharp is not resolvable from this
  // package under pnpm's strict layout, so images are served as they are.
  image: { service: passthroughImageService() },
});
