import { createRequire } from 'node:module';
import type satoriType from 'satori';

/**
 * satori, loaded from its CommonJS build. Imported as an ES module, satori pulls in its CommonJS
 * dependencies (opentype.js, linebreak, css-to-react-native…) through Node's ES loader, which first scans
 * each one's source for export names and, on sources this size, optimises the scanner too. `require`
 * skips that: measured on a fresh thread, 62 ms and 86 ms of CPU against 100 ms and 150 ms, on every
 * worker thread of a build.
 */
export const satori = (createRequire(import.meta.url)('satori') as { default: typeof satoriType }).default;
