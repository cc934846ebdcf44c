/**
 * The store port: a narrow key-value API with the few atomic operations the engine needs. Implemented over keyv
 * (memory, SQLite file) in one process; a shared backend (Redis, PostgreSQL) implements the same operations with its
 * own atomic primitives so several bot processes can share state.
 */
export interface Store {
  /** Value at `key`, or undefined. */
  get<T>(key: string): Promise<T | undefined>;
  /** Several values at once, in the order of `keys`. */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Write `value` (JSON-serialisable), optionally expiring after `ttlMs`. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Write only when nothing is stored at `key`; true when this call wrote it (idempotency keys, leases). */
  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Add `by` to the number at `key` (0 when absent) and return the new value. */
  increment(key: string, by?: number): Promise<number>;
  /** Run `fn` while holding the exclusive lock named `key`; writers of one record serialise through it. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Append records to an append-only stream. */
  append(stream: string, records: readonly unknown[]): Promise<void>;
  /** Every record of a stream, oldest first. */
  read<T>(stream: string): Promise<T[]>;
  /** Rewrite every record of a stream (forget-me anonymisation); `fn` returns the replacement. */
  rewrite<T>(stream: string, fn: (record: T) => T): Promise<void>;
  /** Every live key starting with `prefix` (forget-me looks for rows that name a member). */
  keysWithPrefix(prefix: string): Promise<string[]>;
  /** Delete rows whose TTL has passed (a read would ignore them, but they would stay on disk); returns how many. */
  purgeExpired(): Promise<number>;
  /**
   * Rebuild the backing file so deleted and overwritten values leave no bytes behind (SQLite: VACUUM and an emptied
   * write-ahead log). A no-op for stores without a file.
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
