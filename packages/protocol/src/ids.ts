/**
 * The parts of the protocol that run inside a site's server bundle or a browser (page ids, share
 * tokens, constants), without the schema library: `@sharecraft/protocol/ids`.
 */
export * from './constants.js';
export * from './creation-fields.js';
export * from './page-id.js';
export * from './page-slice.js';
export * from './share-token.js';
