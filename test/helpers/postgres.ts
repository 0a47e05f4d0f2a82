/**
 * A real, throwaway PostgreSQL server for tests: initdb in a temporary folder, a free loopback
 * port, stopped and deleted afterwards. The benchmark uses the same code, so it lives with the
 * collector.
 */
export {
  freeLoopbackPort,
  postgresBinaries,
  startTemporaryPostgres,
  type TemporaryPostgres,
} from '../../packages/collector/scripts/temporary-postgres.js';
