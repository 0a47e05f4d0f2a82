import type { SqliteEngine } from './sqlite-engine.js';

/** Engine methods a worker runs on request. */
export type EngineMethod =
  | 'insertRows'
  | 'recordManifest'
  | 'knownPages'
  | 'dailySalt'
  | 'queryStats'
  | 'eventsForPage'
  | 'knownForms'
  | 'secret'
  | 'insertCreation'
  | 'hasTextSince'
  | 'getCreation'
  | 'listCreations'
  | 'creationImage'
  | 'setCreationStatus'
  | 'deleteCreation'
  | 'creationByReceipt'
  | 'purgeCreations'
  | 'useChallenge'
  | 'creationCounts'
  | 'creationTally'
  | 'close';

/** A call from the store to its worker. */
export interface WorkerRequest {
  id: number;
  method: EngineMethod;
  args: unknown[];
}

/** The worker's answer; id 0 announces that the database is open (or why it is not). */
export interface WorkerReply {
  id: number;
  result?: unknown;
  error?: { message: string; code?: string | undefined; errcode?: number | undefined };
}

/** Arguments of an engine method. */
export type EngineArgs<M extends EngineMethod> = Parameters<SqliteEngine[M]>;
/** Result of an engine method. */
export type EngineResult<M extends EngineMethod> = ReturnType<SqliteEngine[M]>;
