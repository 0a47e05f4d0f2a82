#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { SERVE_OPTIONS_HELP, UsageError } from './serve-options.js';

const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const USAGE = `sharecraft ${VERSION}: the Sharecraft collector

Usage:
  sharecraft serve [options]    start the collector
  sharecraft creations <command> [options]
                                moderate readers' creations and letters: list, show, approve, reject,
                                spam, pending, read, unread, delete, export (see \`sharecraft creations --help\`)

${SERVE_OPTIONS_HELP}
Endpoints:
  POST /api/events   events from the beacon (202 once durably stored)
  GET  /api/stats    aggregates for reports: ?page=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD, Authorization: Bearer <token>
  GET  /api/creations/challenge      a signed proof-of-work challenge for the form's anti-spam widget
  POST /api/creations                a reader's creation or letter (multipart form)
  GET  /api/creations                the owner's list: ?status=&kind=&page=, Authorization: Bearer <admin token>
  GET  /creations/receipt/<receipt>  the reader's private page; POST deletes the submission for good
  GET  /admin                        the moderation page (sign in with the --admin-token)
  POST /webmention                   a webmention (source, target; form-encoded): 202, checked in the
                                     background, kept as a pending creation of kind mention
  GET  /webmention/<id>              a webmention's status: queued, verified, or refused and why
  GET  /healthz                      liveness

Signals: SIGHUP reloads the manifests; SIGTERM or SIGINT finishes requests in flight, commits, closes and exits.

Other options:
  -h, --help               show this help
  -v, --version            show the version
`;

// node:sqlite prints an ExperimentalWarning on first use; the collector relies on it knowingly,
// and the warning would only alarm the people running it.
function silenceSqliteWarning(): void {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.includes('SQLite')) return;
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === '-v' || command === '--version') {
    console.log(VERSION);
    return;
  }
  if (command === 'serve') {
    if (rest.includes('-h') || rest.includes('--help')) {
      process.stdout.write(USAGE);
      return;
    }
    const { parseServeOptions } = await import('./serve-options.js');
    const options = parseServeOptions(rest, process.env);
    silenceSqliteWarning();
    const { serve } = await import('./serve.js');
    return serve(options);
  }
  if (command === 'creations') {
    const { creationsCommand } = await import('./creations/creations-cli.js');
    silenceSqliteWarning();
    process.exitCode = await creationsCommand(rest, process.env);
    return;
  }
  throw new UsageError(
    `unknown command ${JSON.stringify(command)}; try \`sharecraft serve\` or \`sharecraft creations\` (see \`sharecraft --help\`)`,
  );
}

main(process.argv.slice(2)).catch((error: Error) => {
  const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`sharecraft: ${error.message}`);
  process.exit(usage ? 2 : 1);
});
