import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import { AstroError } from 'astro/errors';
import { type InstalledPackage, installedPackage, majorMinor } from './markdown/installed-package.js';

/**
 * Fails on an Astro older than 6 and warns on one newer than 7: the majors the tests build (6.0,
 * 6.4, 7.0 and the newest 7). Without a logger (at import), a newer Astro passes silently: the
 * integration warns again once Astro gives it a logger.
 */
export function checkAstroVersion(astro: InstalledPackage | undefined, logger?: AstroIntegrationLogger): void {
  if (!astro) return;
  const [major] = majorMinor(astro.version);
  if (major < 6) {
    throw new AstroError(
      `Sharecraft needs Astro 6 or 7; this site has Astro ${astro.version}.`,
      'Update Astro with `npx @astrojs/upgrade`, or keep this Astro and remove astro-sharecraft from your integrations.',
    );
  }
  if (major > 7) {
    logger?.warn(
      `Sharecraft is tested with Astro 6 and 7; this site has Astro ${astro.version}. If posts lose their share block, the end of the build names them; please report it.`,
    );
  }
}

// Checked as the package loads, before the options' schema is built: Astro 5's `astro/zod` is Zod 3,
// which lacks what the schema uses, and would fail with a TypeError instead of this message.
checkAstroVersion(installedPackage('astro', dirname(fileURLToPath(import.meta.url))));
