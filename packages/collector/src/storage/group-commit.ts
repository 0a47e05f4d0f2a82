/**
 * Writes rows from many concurrent callers in shared transactions: while a commit is in flight,
 * new rows queue; when a commit slot frees, everything queued goes into the next transaction
 * together. One flush to disk then acknowledges many requests, and each caller's promise resolves
 * only once its own rows are committed. Under light load a row waits for no timer: it is committed
 * on the next turn of the event loop.
 */
export interface GroupCommitOptions<Row> {
  /**
   * Commits rows in one transaction; resolves once they are durable, with one flag per row:
   * true when the row was new, false when an equal key was already stored.
   */
  commit(rows: Row[]): Promise<ArrayLike<boolean | number>>;
  /** Commits that may run at once (1 for SQLite's single writer). */
  maxInFlight: number;
  /** Most rows one transaction takes; larger queues are split. */
  maxRows: number;
}

interface Waiter<Row> {
  rows: readonly Row[];
  resolve(added: number): void;
  reject(error: unknown): void;
}

/** Counters of a committer. */
export interface GroupCommitStats {
  commits: number;
  inserted: number;
}

/** Batches concurrent writes into shared commits. See the module comment. */
export class GroupCommitter<Row> {
  readonly #options: GroupCommitOptions<Row>;
  #queue: Waiter<Row>[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];
  readonly #stats: GroupCommitStats = { commits: 0, inserted: 0 };

  constructor(options: GroupCommitOptions<Row>) {
    if (options.maxInFlight < 1 || options.maxRows < 1) throw new RangeError('maxInFlight and maxRows must be >= 1');
    this.#options = options;
  }

  /** Queues rows for the next commit; resolves with how many were new once they are durable. */
  write(rows: readonly Row[]): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    return new Promise<number>((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject });
      this.#schedule();
    });
  }

  /** Commits and transactions so far. */
  stats(): GroupCommitStats {
    return { ...this.#stats };
  }

  /** Resolves once nothing is queued or in flight: every write so far has settled. */
  drain(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#options.maxInFlight) return;
    this.#scheduled = true;
    // setImmediate lets every request already read in this turn of the loop join the same commit.
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #take(): Waiter<Row>[] {
    const taken: Waiter<Row>[] = [];
    let rows = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0] as Waiter<Row>;
      if (taken.length > 0 && rows + next.rows.length > this.#options.maxRows) break;
      taken.push(next);
      rows += next.rows.length;
      this.#queue.shift();
    }
    return taken;
  }

  #flush(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#options.maxInFlight) {
      const group = this.#take();
      this.#inFlight += 1;
      void this.#commit(group).finally(() => {
        this.#inFlight -= 1;
        if (this.#queue.length > 0) this.#schedule();
        else if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #commit(group: Waiter<Row>[]): Promise<void> {
    const rows = group.length === 1 ? [...(group[0] as Waiter<Row>).rows] : group.flatMap((waiter) => waiter.rows);
    let flags: ArrayLike<boolean | number>;
    try {
      flags = await this.#options.commit(rows);
    } catch (error) {
      for (const waiter of group) waiter.reject(error);
      return;
    }
    this.#stats.commits += 1;
    let offset = 0;
    for (const waiter of group) {
      let added = 0;
      for (let i = 0; i < waiter.rows.length; i++) if (flags[offset + i]) added += 1;
      offset += waiter.rows.length;
      this.#stats.inserted += added;
      waiter.resolve(added);
    }
  }
}
