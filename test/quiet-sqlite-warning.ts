/**
 * Setup for every test file. A process prints "ExperimentalWarning: SQLite is an experimental
 * feature" the first time it loads node:sqlite, and tests load it to read what the collector
 * stored. The collector relies on node:sqlite knowingly (its CLI and its worker drop the same
 * warning), so the line would only send whoever runs the tests looking for a problem that is not
 * there. Only that one warning is dropped: every other warning, experimental or not, still prints.
 */
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  const options = rest[0];
  const type = typeof options === 'string' ? options : (options as { type?: string } | undefined)?.type;
  if (type === 'ExperimentalWarning' && text.startsWith('SQLite is an experimental feature')) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
