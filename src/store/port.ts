/**
 * The store port: the contract every backend meets. Memory and SQLite (keyv) implement it for one process;
 * PostgreSQL implements it natively for several bot processes sharing one database. Each operation below is atomic
 * on its own: callers never need a get-then-set, they use `setIfAbsent`, `increment`, `update` (compare-and-set),
 * set rows, or a lease.
 */
export interface Store {
  /** Value at `key`, or undefined. */
  get<T>(key: string): Promise<T | undefined>;
  /** Several values at once, in the order of `keys`. */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Write `value` (JSON-serialisable), optionally expiring after `ttlMs`. Gives the record a new version. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Write only when nothing is stored at `key`; true when this call wrote it (idempotency keys). */
  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Add `by` to the number at `key` (0 when absent) and return the new value. */
  increment(key: string, by?: number): Promise<number>;

  /** The value at `key` with its version (changes on every write of the record), or undefined when absent. */
  getVersioned<T>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Write `value` only when the record is still at `expectedVersion` (undefined: only when absent); the new version,
   * or undefined when another writer got there first (read again and retry: see `update`).
   */
  compareAndSet(
    key: string,
    expectedVersion: number | undefined,
    value: unknown,
    ttlMs?: number,
  ): Promise<number | undefined>;

  /**
   * Grant the lease `name` to `holder` for `ttlMs` when it is free, expired, or already this holder's (a restarted
   * instance takes back its own). Every grant carries a fencing token larger than any earlier grant of `name`.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /** Extend a lease still held under this token; undefined when it was lost (expired and granted to another). */
  renewLease(lease: Lease, ttlMs: number): Promise<Lease | undefined>;
  /** Give a lease back; false when it was no longer held under this token (nothing is changed then). */
  releaseLease(lease: Lease): Promise<boolean>;
  /** Write `value` only while `lease` is current (same token, not expired): a stale holder's write is refused. */
  setFenced(key: string, value: unknown, lease: Lease, ttlMs?: number): Promise<boolean>;

  /**
   * Run `fn` while holding the exclusive lock named `key`. Cross-process on PostgreSQL (a lease renewed while `fn`
   * runs), in-process on memory and SQLite (one process per store). Prefer `update` for one record.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;

  /** Add members (each one row) with optional per-member data; returns the members this call added. */
  addToSet(set: string, members: readonly string[], data?: Readonly<Record<string, unknown>>): Promise<string[]>;
  /** Remove members; returns the members this call removed. */
  removeFromSet(set: string, members: readonly string[]): Promise<string[]>;
  /** Members in the order they were added. */
  setMembers(set: string): Promise<string[]>;
  /** Members with the data they were added with, in the order they were added. */
  setEntries<T>(set: string): Promise<SetEntry<T>[]>;
  setSize(set: string): Promise<number>;
  isMember(set: string, member: string): Promise<boolean>;
  /** Drop a whole set. */
  deleteSet(set: string): Promise<void>;

  /** Append records to an append-only stream (one row each on PostgreSQL). */
  append(stream: string, records: readonly unknown[]): Promise<void>;
  /** Records of a stream, oldest first; with a range, only records whose numeric `at` is in [since, until). */
  read<T>(stream: string, range?: TimeRange): Promise<T[]>;
  /** Rewrite every record of a stream (forget-me anonymisation); `fn` returns the replacement. */
  rewrite<T>(stream: string, fn: (record: T) => T): Promise<void>;

  /** Every live key starting with `prefix` (forget-me looks for rows that name a member). */
  keysWithPrefix(prefix: string): Promise<string[]>;
  /** Delete rows whose TTL has passed (a read would ignore them, but they would stay on disk); returns how many. */
  purgeExpired(): Promise<number>;
  /**
   * Rebuild the backing file so deleted and overwritten values leave no bytes behind (SQLite: VACUUM and an emptied
   * write-ahead log; PostgreSQL: VACUUM). A no-op for memory.
   */
  compact(): Promise<void>;
  /**
   * Why the store cannot be trusted right now, in words an admin can act on, or undefined when it is fine (readiness
   * asks this besides a read: a SQLite file deleted or moved while open still answers reads, but from a file nobody
   * will find after a restart).
   */
  problem(): Promise<string | undefined>;
  /** Release connections and file handles. */
  close(): Promise<void>;
}

export interface Versioned<T> {
  value: T;
  version: number;
}

export interface Lease {
  name: string;
  holder: string;
  /** Larger for every later grant of the same lease (fencing token). */
  token: number;
  /** Epoch ms, by the store's clock (PostgreSQL: the database's). */
  expiresAt: number;
}

export interface SetEntry<T> {
  member: string;
  data: T | undefined;
}

export interface TimeRange {
  since?: number;
  until?: number;
}

/** Tries of `update` before it gives up (each lost try means another writer changed the record in between). */
const UPDATE_TRIES = 200;

/**
 * Read-modify-write of one record without a lock: `change` gets the current value (undefined when absent) and returns
 * the next one; on a conflict the record is read again and `change` runs again, so it must be a pure function of its
 * input. Returns what was written.
 */
export async function update<T>(
  store: Store,
  key: string,
  change: (current: T | undefined) => T,
  ttlMs?: number,
): Promise<T> {
  for (let attempt = 0; attempt < UPDATE_TRIES; attempt++) {
    const current = await store.getVersioned<T>(key);
    const next = change(current === undefined ? undefined : current.value);
    if ((await store.compareAndSet(key, current?.version, next, ttlMs)) !== undefined) return next;
    // Contended: a short random pause spreads retrying writers apart.
    if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 2)));
  }
  throw new Error(`store update of ${key} lost ${UPDATE_TRIES} races in a row`);
}
