/** What `--notify-url` receives for each stored submission: never the email, never the text. */
export interface CreationNotice {
  id: string;
  kind: string;
  pageId: string;
  postUrl: string;
  title: string;
  status: string;
  verified: boolean;
  createdAt: string;
}

/** Waits before each retry: 1 s, 5 s, 30 s, 2 min. */
export const NOTIFY_RETRY_DELAYS_MS = [1000, 5000, 30_000, 120_000] as const;

/** How long one notification request may take. */
const NOTIFY_TIMEOUT_MS = 10_000;

/**
 * Posts each notice to `url` as JSON, in the background: the reader's request never waits for
 * it and never fails because of it. A failed post (no answer, or not a 2xx) is retried after
 * each of `delays`, then given up with one line in the log.
 */
export function createNotifier(
  url: string,
  log: (message: string) => void,
  delays: readonly number[] = NOTIFY_RETRY_DELAYS_MS,
): (notice: CreationNotice) => void {
  return (notice) => {
    const body = JSON.stringify(notice);
    const attempt = async (n: number): Promise<void> => {
      let problem: string;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'sharecraft-collector' },
          body,
          signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        problem = `answered ${response.status}`;
      } catch (error) {
        problem = (error as Error).message;
      }
      const delay = delays[n];
      if (delay === undefined) {
        log(`Could not notify ${url} of submission ${notice.id} after ${n + 1} attempts: ${problem}`);
        return;
      }
      setTimeout(() => void attempt(n + 1), delay).unref();
    };
    void attempt(0);
  };
}
