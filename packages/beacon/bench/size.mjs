// The beacon's weight next to its peers: `pnpm --filter @sharecraft/beacon bench`.
//
// Every script is measured the same way in the same run: minified by the repo's own pipeline
// (`scripts/minify.mjs`: esbuild, then terser), then gzip -9 with node:zlib. The one exception is a
// row marked "as shipped", which is a peer's file measured exactly as its package ships it.
//
// - Sharecraft: `dist/beacon.min.js`, the file this package ships (built by the same pipeline).
// - Plausible: the npm package @plausible-analytics/tracker, a pinned devDependency. Its shipped
//   `plausible.js` (already minified, all features, ES module exports), and a bundle of its
//   documented entry (`import { init } …; init({ domain })`) through our pipeline.
// - Umami: its tracker is published only inside the `umami` server package (Next.js, Prisma, …),
//   far too heavy for a devDependency. So `npm pack` fetches that tarball once into
//   node_modules/.cache, its sha512 integrity is checked against the pinned value below, and only
//   `src/tracker/index.js` is read out of it. npm 2.10.0 is the newest Umami on npm; Umami's v3
//   tracker is not published there.
//
// The feature matrix comes from reading each tracker's source; every cell names where its claim
// comes from, and carries a pattern that must (or must not) occur in the measured bytes, so a new
// peer version that changes a claim makes this script say so instead of printing a stale table.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const minifyScript = join(packageDir, '..', '..', 'scripts', 'minify.mjs');
const cacheDir = join(packageDir, 'node_modules', '.cache', 'sharecraft-bench');
mkdirSync(cacheDir, { recursive: true });

const UMAMI = {
  version: '2.10.0',
  integrity: 'sha512-+lmrnV0751R6U2rkIgVAlE1nWI7yZawlMlJDguW9tlFacCKhnGeCyc7tCMIhNNYIiGIQy4DEX5IzJhm4b3+dPA==',
  tracker: 'package/src/tracker/index.js',
};

/** Minifies `input` with the repo's own pipeline, the one that builds the beacon; the output's bytes. */
function minify(input, name) {
  const output = join(cacheDir, `${name}.min.js`);
  execFileSync(process.execPath, [minifyScript, input, output], { stdio: 'inherit' });
  return readFileSync(output);
}

/** One file out of a .tgz, read without any tar program: ustar headers are 512-byte blocks. */
function readFromTarball(tgz, wanted) {
  const tar = gunzipSync(tgz);
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    const field = (start, length) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const name = field(0, 100);
    if (!name) break;
    const prefix = field(345, 155);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const path = prefix ? `${prefix}/${name}` : name;
    if (path === wanted) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${wanted} is not in the tarball`);
}

/** Stops the benchmark with a message for people, not a stack trace. */
function fail(message) {
  console.error(`\nbench: ${message}`);
  process.exit(1);
}

/** Umami's tracker source, from the pinned, integrity-checked `umami` tarball (fetched once). */
function umamiTracker() {
  const source = join(cacheDir, `umami-${UMAMI.version}-tracker.js`);
  const tgz = join(cacheDir, `umami-${UMAMI.version}.tgz`);
  if (!existsSync(tgz)) {
    try {
      execFileSync('npm', ['pack', `umami@${UMAMI.version}`, '--pack-destination', cacheDir, '--loglevel=error'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      fail(
        `Could not fetch umami@${UMAMI.version} with \`npm pack\` (${
          String(error.stderr || error.message)
            .trim()
            .split('\n')[0]
        }). ` +
          'The benchmark needs npm and the npm registry for this one tarball; check `npm ping`, then run it again.',
      );
    }
  }
  const bytes = readFileSync(tgz);
  const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  if (integrity !== UMAMI.integrity) {
    rmSync(tgz);
    fail(
      `umami-${UMAMI.version}.tgz has integrity ${integrity}, expected ${UMAMI.integrity}: deleted it. ` +
        'Run again to fetch it afresh; if it still differs, the registry serves other bytes than were pinned.',
    );
  }
  writeFileSync(source, readFromTarball(bytes, UMAMI.tracker));
  return source;
}

const require = createRequire(import.meta.url);
// The package exports only its module: find its folder from that.
const plausibleDir = dirname(require.resolve('@plausible-analytics/tracker'));
const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;

const plausibleEntry = join(cacheDir, 'plausible-init.js');
// The README's documented use; esbuild resolves the import from this package's node_modules.
writeFileSync(
  plausibleEntry,
  "import { init } from '@plausible-analytics/tracker';\ninit({ domain: 'example.com' });\n",
);

const rows = [
  {
    name: 'Sharecraft beacon',
    version: version(packageDir),
    how: 'dist/beacon.min.js as shipped (built by scripts/minify.mjs)',
    code: readFileSync(join(packageDir, 'dist', 'beacon.min.js')),
  },
  {
    name: 'Plausible (npm, as shipped)',
    version: version(plausibleDir),
    how: 'plausible.js exactly as the package ships it (pre-minified, every feature, ES exports)',
    code: readFileSync(join(plausibleDir, 'plausible.js')),
  },
  {
    name: 'Plausible (npm, init bundle)',
    version: version(plausibleDir),
    how: '`import { init }` + `init({ domain })`, bundled and minified by scripts/minify.mjs',
    code: minify(plausibleEntry, 'plausible-init'),
  },
  {
    name: 'Umami',
    version: UMAMI.version,
    how: 'src/tracker/index.js from the umami tarball, minified by scripts/minify.mjs',
    code: minify(umamiTracker(), 'umami'),
  },
];

/**
 * What each tracker does, read from its source. `pattern` must occur in the measured bytes for a
 * "yes" and must not for a "no" (`expect` says which), so the claim is checked on every run.
 * Sources: Sharecraft `src/start.ts`; Plausible `plausible.js` of @plausible-analytics/tracker;
 * Umami `src/tracker/index.js` of the umami package.
 */
const FEATURES = [
  {
    feature: 'page view',
    sharecraft: ['yes', /k:"v"/, 'viewPage() sends `k: "v"`'],
    plausible: ['yes', /track\("pageview"\)/, '$(): track("pageview") on load (autoCapturePageviews)'],
    umami: ['yes', /readyState/, 'init(): track() once readyState is "complete"'],
  },
  {
    feature: 'SPA navigation',
    sharecraft: ['yes (Astro)', /astro:after-swap/, 'a view on `astro:after-swap` (Astro view transitions)'],
    plausible: ['yes', /pushState/, 'wraps history.pushState, listens to popstate (or hashchange)'],
    umami: ['yes', /pushState/, 'handlePathChanges() wraps pushState and replaceState'],
  },
  {
    feature: 'engagement time',
    sharecraft: ['yes', /hasFocus/, 'seconds with document.hasFocus(), sent on visibilitychange/pagehide'],
    plausible: ['yes', /"engagement"/, 'g(): "engagement" event with `e`, time visible and focused'],
    umami: ['no', /visibilitychange|hasFocus/, 'no visibility or focus handling at all', false],
  },
  {
    feature: 'scroll depth',
    sharecraft: ['yes', /scrollHeight/, 'scrolled(): deepest scroll in percent, `d`'],
    plausible: ['yes', /sd:/, 'engagement event `sd`, deepest scroll in percent'],
    umami: ['no', /scroll/, 'no scroll listener', false],
  },
  {
    feature: 'share events',
    sharecraft: ['yes', /sharecraft:share/, 'every `sharecraft:share` the share block dispatches'],
    plausible: ['custom only', /sharecraft:share/, 'track(name) custom events; no share CTAs of its own', false],
    umami: ['custom only', /sharecraft:share/, 'data-umami-event attributes; no share CTAs of its own', false],
  },
  {
    feature: 'retry of lost events',
    sharecraft: ['yes', /sessionStorage/, 'unacknowledged events wait in sessionStorage, resent with the next'],
    plausible: ['no', /sessionStorage|sendBeacon/, 'c(): one fetch, a failure only reaches the callback', false],
    umami: ['no', /sessionStorage|sendBeacon/, 'send(): one fetch, `catch { /* empty */ }`', false],
  },
  {
    feature: 'idempotent event ids',
    sharecraft: ['yes', /randomUUID/, 'send(): `i: crypto.randomUUID()` on every event'],
    plausible: ['no', /randomUUID|getRandomValues/, 'events carry no id', false],
    umami: ['no', /randomUUID|getRandomValues/, 'events carry no id', false],
  },
  {
    feature: 'honours GPC',
    sharecraft: ['yes', /globalPrivacyControl/, 'sends nothing when navigator.globalPrivacyControl'],
    plausible: ['no', /globalPrivacyControl/, 'never reads it', false],
    umami: ['no', /globalPrivacyControl/, 'never reads it', false],
  },
  {
    feature: 'honours DNT',
    sharecraft: ['yes', /doNotTrack/, 'sends nothing when navigator.doNotTrack is "1"'],
    plausible: ['no', /doNotTrack/, 'never reads it', false],
    umami: ['no', /doNotTrack/, 'never reads it (2.10.0)', false],
  },
  {
    feature: 'no cookies',
    sharecraft: ['yes', /cookie/, 'never touches document.cookie', false],
    plausible: ['yes', /cookie/, 'never touches document.cookie', false],
    umami: ['yes', /cookie/, 'never touches document.cookie (its `x-umami-cache` is a header)', false],
  },
];

const baseline = gzipSync(rows[0].code, { level: 9 }).byteLength;
const table = rows.map((row) => {
  const gzip = gzipSync(row.code, { level: 9 }).byteLength;
  return { ...row, min: row.code.byteLength, gzip, ratio: gzip / baseline };
});

const pad = (value, width, right = false) => (right ? String(value).padStart(width) : String(value).padEnd(width));
const widths = [30, 8, 10, 16, 14];
const line = (cells) => `| ${cells.map((cell, i) => pad(cell, widths[i], i >= 2)).join(' | ')} |`;
console.log('\nSize, minified and gzip -9 (node:zlib level 9), same pipeline, same run:\n');
console.log(line(['tracker', 'version', 'B min', 'B min+gzip -9', '× Sharecraft']));
console.log(`|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
for (const row of table) console.log(line([row.name, row.version, row.min, row.gzip, `${row.ratio.toFixed(2)}×`]));
console.log('');
for (const row of table) console.log(`- ${row.name}: ${row.how}`);

// Every column of the matrix, checked against the bytes measured above.
const columns = [
  { title: 'Sharecraft', key: 'sharecraft', code: table[0].code },
  { title: `Plausible ${table[1].version}`, key: 'plausible', code: table[1].code },
  { title: `Umami ${UMAMI.version}`, key: 'umami', code: table[3].code },
];
const stale = [];
const cell = (feature, column) => {
  const [value, pattern, where, expected = true] = feature[column.key];
  const found = pattern.test(column.code.toString('utf8'));
  if (found !== expected) stale.push(`${column.title}, ${feature.feature}: "${value}" (${where}) no longer holds`);
  return found === expected ? value : `${value}?`;
};
console.log('\nWhat each one does (read from its source; each claim checked against the measured bytes):\n');
console.log(`| feature | ${columns.map((column) => column.title).join(' | ')} |`);
console.log(`|---|${columns.map(() => '---').join('|')}|`);
for (const feature of FEATURES) {
  console.log(`| ${feature.feature} | ${columns.map((column) => cell(feature, column)).join(' | ')} |`);
}
if (stale.length > 0) {
  console.error(`\nThe feature matrix is out of date (marked "?"):\n- ${stale.join('\n- ')}`);
  process.exitCode = 1;
}
