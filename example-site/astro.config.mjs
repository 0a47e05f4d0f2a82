import mdx from '@astrojs/mdx';
import { defineConfig, passthroughImageService } from 'astro/config';
import sharecraft from 'astro-sharecraft';

// Approved creations shown under the posts: from the sample export file, or (when
// SHARECRAFT_CREATIONS_FROM names a collector, as `npm run demo` does) from the collector's owner
// API with the admin token in SHARECRAFT_ADMIN_TOKEN, the file as the fallback.
const creationsFile = { file: 'creations.json', images: 'creations' };
const creationsFrom = process.env.SHARECRAFT_CREATIONS_FROM;
const creationsSource = creationsFrom ? { collector: creationsFrom, fallback: creationsFile } : creationsFile;

// Astro 7 defaults: Sätteri renders both the .md and the .mdx posts (no `markdown.processor` set).
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://kettlewren.example',
  // The demo's end-to-end test builds into a folder of its own.
  outDir: process.env.EXAMPLE_OUT_DIR ?? './dist',
  integrations: [
    mdx(),
    sharecraft({
      collector: { endpoint: process.env.SHARECRAFT_ENDPOINT ?? 'http://127.0.0.1:4322/api/events' },
      // Readers can send what they made from a post (or a private letter) to the collector, and
      // approved creations show under their posts: from creations.json, written by
      // `sharecraft creations export --approved --out creations.json --images creations`, or from
      // the collector when SHARECRAFT_CREATIONS_FROM names one (see above).
      creations: process.env.SHARECRAFT_CREATIONS !== 'off' && { source: creationsSource },
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
