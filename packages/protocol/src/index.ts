export * from './events.js';
export * from './manifest.js';
export * from './page-id.js';
