/** Version of the manifest format. A reader refuses a manifest of a version it does not know. */
export const MANIFEST_VERSION = 1;

/** Where a build writes its manifest, relative to the site's output folder and its URL root. */
export const MANIFEST_PATH = '_sharecraft/manifest.json';

/** Id of the `<script type="application/json">` element that carries a page's own slice. */
export const PAGE_SLICE_ELEMENT_ID = 'sharecraft-page';
