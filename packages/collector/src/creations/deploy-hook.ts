import type { CreationStatus } from '@sharecraft/protocol';

/** Seconds after the last change before the hook is called (`--deploy-hook-delay`). */
export const DEFAULT_DEPLOY_HOOK_DELAY_S = 2;

/** Waits before each retry of a failed call: 1 s, 5 s, 30 s, 2 min. */
export const DEPLOY_HOOK_RETRY_DELAYS_MS = [1000, 5000, 30_000, 120_000] as const;

/** How long one call may take. */
const DEPLOY_HOOK_TIMEOUT_MS = 15_000;

/** What the hook receives as its JSON body: why the site should be rebuilt, never reader text. */
export interface DeployHookBody {
  event: 'sharecraft.creations.changed';
  /** The creations whose published state changed since the last call. */
  ids: string[];
  /** When the call was made (ISO 8601). */
  at: string;
}

/** Whether going from `before` to `after` (undefined: deleted) changes what a build publishes. */
export function changesPublished(before: CreationStatus, after: CreationStatus | undefined): boolean {
  return before !== after && (before === 'approved' || after === 'approved');
}

/**
 * Posts one call to the hook; resolves with undefined when it answered 2xx, else with what went
 * wrong (the status, or the network error).
 */
export async function callDeployHook(url: string, ids: readonly string[]): Promise<string | undefined> {
  const body: DeployHookBody = { event: 'sharecraft.creations.changed', ids: [...ids], at: new Date().toISOString() };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'sharecraft-collector' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(DEPLOY_HOOK_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? undefined : `answered ${response.status}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The collector's side of `--deploy-hook`. */
export interface DeployHook {
  /** Notes that a creation's published state changed; the hook is called `delay` after the last one. */
  changed(id: string): void;
  /** Calls the hook now if a call is waiting for its delay (waits for that one attempt), and stops. */
  close(): Promise<void>;
}

export interface DeployHookOptions {
  url: string;
  log: { info(message: string): void; error(message: string): void };
  /** Milliseconds after the last change (default 2 s). */
  delayMs?: number;
  retryDelaysMs?: readonly number[];
}

/**
 * Calls a static host's build hook after approvals, in the background: several changes close
 * together make one call (`delayMs` after the last), a failed call is retried after each of
 * `retryDelaysMs` (a newer call replaces the retries of an older one), and every call is logged.
 * The moderator's request never waits for it.
 */
export function createDeployHook(options: DeployHookOptions): DeployHook {
  const delayMs = options.delayMs ?? DEFAULT_DEPLOY_HOOK_DELAY_S * 1000;
  const retries = options.retryDelaysMs ?? DEPLOY_HOOK_RETRY_DELAYS_MS;
  let waiting = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;
  /** Counts calls: an attempt whose call is no longer the latest schedules no retry. */
  let latest = 0;

  const attempt = async (ids: string[], n: number, call: number): Promise<void> => {
    const problem = await callDeployHook(options.url, ids);
    if (problem === undefined) {
      options.log.info(
        `Deploy hook called for ${ids.length} changed creation(s)${n > 0 ? ` (attempt ${n + 1})` : ''}.`,
      );
      return;
    }
    if (call !== latest) {
      options.log.error(`Deploy hook ${problem}; a newer call replaces this one.`);
      return;
    }
    const delay = closed ? undefined : retries[n];
    if (delay === undefined) {
      options.log.error(`Deploy hook failed after ${n + 1} attempt(s), giving up: ${problem}`);
      return;
    }
    options.log.error(`Deploy hook ${problem}; retrying in ${delay / 1000} s.`);
    retryTimer = setTimeout(() => void attempt(ids, n + 1, call), delay);
    retryTimer.unref();
  };

  const fire = (): Promise<void> => {
    timer = undefined;
    const ids = [...waiting];
    waiting = new Set();
    // A newer call rebuilds everything the older one would have: its retries stop.
    clearTimeout(retryTimer);
    latest += 1;
    return attempt(ids, 0, latest);
  };

  return {
    changed(id) {
      if (closed) return;
      waiting.add(id);
      clearTimeout(timer);
      timer = setTimeout(() => void fire(), delayMs);
      timer.unref();
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      if (timer !== undefined) {
        clearTimeout(timer);
        await fire();
      }
    },
  };
}
