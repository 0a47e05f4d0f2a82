import mdx from '@astrojs/mdx';
import { defineConfig, passthroughImageService } from 'astro/config';
import sharecraft from 'astro-sharecraft';

// Astro 7 defaults: Sätteri renders both the .md and the .mdx posts (no `markdown.processor` set).
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://kettlewren.example',
  integrations: [
    mdx(),
    sharecraft({
      collector: { endpoint: process.env.SHARECRAFT_ENDPOINT ?? 'http://127.0.0.1:4322/api/events' },
      // Readers can send what they made from a post (or a private letter) to the collector, and
      // approved creations show under their posts: here from a file written by
      // `sharecraft creations export --approved --out creations.json --images creations`.
      creations: process.env.SHARECRAFT_CREATIONS !== 'off' && {
        source: { file: 'creations.json', images: 'creations' },
      },
      // Share cards in the workshop's colours; the brand name comes from the pages' og:site_name.
      cards: {
        brand: { logo: 'public/favicon.svg' },
        colors: { background: '#221c18', foreground: '#f7f1e8', muted: '#c2b6a9', accent: '#e8a077' },
      },
    }),
  ],
  // Every image on the site is a hand-written SVG, which needs no processing. Astro's default Sharp
  // service still loads Sharp before passing an SVG through, and Sharp is not resolvable from this
  // package under pnpm's strict layout, so images are served as they are.
  image: { service: passthroughImageService() },
});
