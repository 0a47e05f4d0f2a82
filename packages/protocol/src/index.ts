export * from './creations.js';
export * from './events.js';
export * from './manifest.js';
export * from './page-id.js';
export * from './page-slice.js';
export * from './share-token.js';
export * from './share-tree.js';
