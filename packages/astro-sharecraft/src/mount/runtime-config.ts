import type { CreationLicence } from '@sharecraft/protocol';

/**
 * What the mounted collector's endpoints are told at build (or dev) time, through
 * `virtual:sharecraft/mount-config`. Secrets are not in it unless the owner wrote them into the
 * options: the stats token and database are read from the environment at run time otherwise.
 */
export interface MountRuntimeConfig {
  /** The `database` option (an absolute SQLite path or a postgres:// URL), or dev's own file. */
  database: string | undefined;
  /** Used when neither `database` nor `SHARECRAFT_DB` is set: `sharecraft.db` in the project root. */
  defaultDatabase: string;
  /** The `statsToken` option; `SHARECRAFT_STATS_TOKEN` at run time otherwise. */
  statsToken: string | undefined;
  /** The moderation page's path, base and mount path included, without a trailing slash. */
  adminPath: string;
  /** Whether the site's URLs end with a slash (`trailingSlash: 'always'`), so the page's links do too. */
  trailingSlash: boolean;
  /** `self`, the site's origin, and `allowOrigins`. */
  allowedOrigins: string[];
  rateLimit: number | undefined;
  /** The licences the site's creation form offers (`creations.licences`), so the collector accepts the same ones. */
  licences: CreationLicence[] | undefined;
  /**
   * Where the build's manifest is: `file` inside the server directory, the ancestor of the running
   * code named `serverFolder`. Undefined in dev, where any page id is accepted.
   */
  manifest: { serverFolder: string; file: string } | undefined;
}
