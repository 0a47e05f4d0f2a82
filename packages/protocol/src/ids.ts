/**
 * The parts of the protocol that run inside a site's server bundle (page ids, constants), without
 * the schema library: `@sharecraft/protocol/ids`.
 */
export * from './constants.js';
export * from './page-id.js';
