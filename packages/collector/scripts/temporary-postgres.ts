/**
 * A throwaway PostgreSQL server for tests and benchmarks: `initdb` into a temporary folder, started
 * with `pg_ctl` on a free loopback port, deleted afterwards. Uses the Debian package's binaries
 * (`apt-get install postgresql`), or those in $PG_BIN. PostgreSQL refuses to run as root, so as root
 * every command runs as the `postgres` user (`runuser`), in a folder that user owns.
 *
 * Node built-ins only and erasable TypeScript, so Node runs it as is (the benchmark) and vitest
 * imports it (the tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running throwaway server. */
export interface TemporaryPostgres {
  /** URL of the `postgres` database as the superuser `sharecraft` (trust authentication, no password). */
  url: string;
  port: number;
  /** The server's data folder (tests scan its files). */
  dataDir: string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): string;
  /** Runs SQL with psql in `database`; each row a line, columns separated by `|`. */
  psql(database: string, sql: string): string[];
  /** Stops the server (fast shutdown); `start` brings it back on the same port with the same data. */
  stop(): void;
  start(): void;
  /** Stops the server and deletes its folder. */
  destroy(): void;
}

const SUPERUSER = 'sharecraft';

/** The folder holding initdb and pg_ctl: $PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinaries(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'initdb'))) throw new Error(`PG_BIN=${fromEnv} has no initdb in it`);
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed: run `apt-get install -y postgresql` (or set PG_BIN to the folder holding initdb and pg_ctl)',
    );
  }
  return join(root, versions[0] as string, 'bin');
}

/** A loopback port nothing listens on right now. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts a throwaway PostgreSQL server. Call `destroy()` when done; it also runs if the process exits. */
export async function startTemporaryPostgres(): Promise<TemporaryPostgres> {
  const bin = postgresBinaries();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'sharecraft-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    await chown(dir, uid, gid);
  }
  // runuser lives in /usr/sbin, which a minimal PATH (cron, `env -i`) leaves out.
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path)) ?? 'runuser';
  const run = (command: string, args: string[]): string => {
    const [file, argv] = asRoot
      ? [runuser, ['-u', 'postgres', '--', join(bin, command), ...args]]
      : [join(bin, command), args];
    const result = spawnSync(file as string, argv as string[], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (result.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
      const why = result.error ? `${result.error.message}\n` : `${result.stderr}${result.stdout}`;
      throw new Error(`${command} ${args.join(' ')} failed:\n${why}${serverLog}`);
    }
    return result.stdout;
  };

  const port = await freeLoopbackPort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on`;
  let running = false;
  const start = () => {
    run('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = () => {
    if (!running) return;
    run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    running = false;
  };
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    process.off('exit', destroy);
    try {
      stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.on('exit', destroy);
  start();

  const urlOf = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  return {
    url: urlOf('postgres'),
    port,
    dataDir: data,
    createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name))
        throw new Error(`database name ${JSON.stringify(name)} is not a plain identifier`);
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, name]);
      return urlOf(name);
    },
    psql(database, sql) {
      const output = run('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        SUPERUSER,
        '-d',
        database,
        '-AtX',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        sql,
      ]);
      return output.split('\n').filter((line) => line !== '');
    },
    stop,
    start,
    destroy,
  };
}
