import { randomUUID } from "node:crypto";
import pg from "pg";
import { StoreUnavailableError } from "../errors.ts";
import { KeyedMutex } from "./mutex.ts";
import type { Lease, SetEntry, Store, TimeRange, Versioned } from "./port.ts";
import { ident, NOW_MS, schemaStatements } from "./postgres-schema.ts";

export interface PostgresStoreOptions {
  /** Connections in this process's pool (each bot process has its own). */
  poolSize?: number;
  /** Schema holding the tables (tests use one each). */
  schema?: string;
}

/** A `withLock` lock is a lease this long, renewed while its holder runs: a killed holder frees it after this. */
const LOCK_TTL_MS = 15_000;
/** Waiting for a lock held by another process: polls back off up to this. */
const LOCK_POLL_MAX_MS = 25;

const live = `(expires_at IS NULL OR expires_at > ${NOW_MS})`;
const expiryOf = (param: string) =>
  `CASE WHEN ${param}::bigint IS NULL THEN NULL ELSE ${NOW_MS} + ${param}::bigint END`;
const json = (value: unknown) => JSON.stringify(value ?? null);
const num = (v: unknown) => Number(v);

/**
 * The store on PostgreSQL, shared by several bot processes. Every operation is one SQL statement (rewrite: one
 * transaction) whose atomicity PostgreSQL guarantees across processes: upserts with ON CONFLICT for setIfAbsent,
 * increment and lease grants, a version column drawn from a sequence for compare-and-set (a deleted and recreated
 * record never reuses a version), fencing tokens from another sequence, one row per set member and per event.
 */
export class PostgresStore implements Store {
  readonly ready: Promise<void>;
  private readonly pool: pg.Pool;
  private readonly s: string;
  private readonly description: string;
  /** Same-process waiters for one lock queue here, so only one of them polls the database. */
  private readonly localLocks = new KeyedMutex();
  private readonly lockHolder = `lock-${randomUUID()}`;
  private lockCalls = 0;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    const parsed = new URL(url);
    this.description = `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
    this.pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection dropped by the server is replaced by the pool; without a listener it would crash the process.
    this.pool.on("error", () => {});
    const schema = options.schema ?? "quickmeet";
    this.s = ident(schema);
    this.ready = this.createSchema(schema);
    this.ready.catch(() => {});
  }

  private async createSchema(schema: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`quickmeet-schema:${schema}`]);
      for (const statement of schemaStatements(schema)) await client.query(statement);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw new StoreUnavailableError(`Store ${this.description} could not create its tables: ${String(error)}`, {
        cause: error,
      });
    } finally {
      client.release();
    }
  }

  private async q<R extends pg.QueryResultRow = Record<string, unknown>>(
    what: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    await this.ready;
    try {
      return await this.pool.query<R>(sql, params);
    } catch (cause) {
      throw new StoreUnavailableError(`Store ${this.description} failed to ${what}: ${String(cause)}`, { cause });
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const { rows } = await this.q("read", `SELECT value FROM ${this.s}.kv WHERE key = $1 AND ${live}`, [key]);
    return rows[0]?.value as T | undefined;
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.q<{ key: string; value: T }>(
      "read",
      `SELECT key, value FROM ${this.s}.kv WHERE key = ANY($1::text[]) AND ${live}`,
      [keys],
    );
    const found = new Map(rows.map((r) => [r.key, r.value]));
    return keys.map((k) => found.get(k));
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.q(
      "write",
      `INSERT INTO ${this.s}.kv (key, value, version, expires_at)
       VALUES ($1, $2::json, nextval('${this.s}.versions'), ${expiryOf("$3")})
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version, expires_at = EXCLUDED.expires_at`,
      [key, json(value), ttlMs ?? null],
    );
  }

  async delete(key: string): Promise<void> {
    await this.q("delete", `DELETE FROM ${this.s}.kv WHERE key = $1`, [key]);
  }

  async setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    return (await this.compareAndSet(key, undefined, value, ttlMs)) !== undefined;
  }

  async increment(key: string, by = 1): Promise<number> {
    const { rows } = await this.q(
      "increment",
      `INSERT INTO ${this.s}.kv AS kv (key, value, version, expires_at)
       VALUES ($1, to_json($2::numeric), nextval('${this.s}.versions'), NULL)
       ON CONFLICT (key) DO UPDATE SET
         value = to_json(CASE WHEN kv.expires_at IS NOT NULL AND kv.expires_at <= ${NOW_MS} THEN 0
                              ELSE (kv.value::text)::numeric END + $2::numeric),
         version = EXCLUDED.version, expires_at = NULL
       RETURNING value`,
      [key, by],
    );
    return num(rows[0]?.value);
  }

  async getVersioned<T>(key: string): Promise<Versioned<T> | undefined> {
    const { rows } = await this.q("read", `SELECT value, version FROM ${this.s}.kv WHERE key = $1 AND ${live}`, [key]);
    const row = rows[0];
    return row ? { value: row.value as T, version: num(row.version) } : undefined;
  }

  async compareAndSet(
    key: string,
    expectedVersion: number | undefined,
    value: unknown,
    ttlMs?: number,
  ): Promise<number | undefined> {
    const { rows } =
      expectedVersion === undefined
        ? // Absent, or present but expired (a read would not see it).
          await this.q(
            "write",
            `INSERT INTO ${this.s}.kv AS kv (key, value, version, expires_at)
             VALUES ($1, $2::json, nextval('${this.s}.versions'), ${expiryOf("$3")})
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version,
               expires_at = EXCLUDED.expires_at
             WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ${NOW_MS}
             RETURNING version`,
            [key, json(value), ttlMs ?? null],
          )
        : await this.q(
            "write",
            `UPDATE ${this.s}.kv SET value = $2::json, version = nextval('${this.s}.versions'),
               expires_at = ${expiryOf("$3")}
             WHERE key = $1 AND version = $4 AND ${live}
             RETURNING version`,
            [key, json(value), ttlMs ?? null, expectedVersion],
          );
    return rows[0] ? num(rows[0].version) : undefined;
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    // The row is locked by the upsert: of two claims at one instant, the second re-checks the WHERE against the
    // first's grant and gets nothing.
    const { rows } = await this.q(
      "acquire a lease",
      `INSERT INTO ${this.s}.leases AS l (name, holder, token, expires_at)
       VALUES ($1, $2, nextval('${this.s}.fencing'), ${NOW_MS} + $3::bigint)
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, token = EXCLUDED.token,
         expires_at = EXCLUDED.expires_at
       WHERE l.expires_at <= ${NOW_MS} OR l.holder = EXCLUDED.holder
       RETURNING token, expires_at`,
      [name, holder, ttlMs],
    );
    const row = rows[0];
    return row ? { name, holder, token: num(row.token), expiresAt: num(row.expires_at) } : undefined;
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<Lease | undefined> {
    const { rows } = await this.q(
      "renew a lease",
      `UPDATE ${this.s}.leases SET expires_at = ${NOW_MS} + $4::bigint
       WHERE name = $1 AND holder = $2 AND token = $3 RETURNING expires_at`,
      [lease.name, lease.holder, lease.token, ttlMs],
    );
    const row = rows[0];
    return row ? { ...lease, expiresAt: num(row.expires_at) } : undefined;
  }

  async releaseLease(lease: Lease): Promise<boolean> {
    const { rowCount } = await this.q(
      "release a lease",
      `DELETE FROM ${this.s}.leases WHERE name = $1 AND holder = $2 AND token = $3`,
      [lease.name, lease.holder, lease.token],
    );
    return (rowCount ?? 0) > 0;
  }

  async setFenced(key: string, value: unknown, lease: Lease, ttlMs?: number): Promise<boolean> {
    // FOR SHARE holds the lease row until this write commits: a new grant (which updates the row) waits for it.
    const { rowCount } = await this.q(
      "write",
      `INSERT INTO ${this.s}.kv (key, value, version, expires_at)
       SELECT $1, $2::json, nextval('${this.s}.versions'), ${expiryOf("$3")}
       WHERE EXISTS (SELECT 1 FROM ${this.s}.leases
                     WHERE name = $4 AND token = $5 AND expires_at > ${NOW_MS} FOR SHARE)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version,
         expires_at = EXCLUDED.expires_at`,
      [key, json(value), ttlMs ?? null, lease.name, lease.token],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * A cross-process lock as a lease (`lock:<key>`), renewed while `fn` runs. Waiting does not hold a connection (an
   * advisory lock would pin one per waiter, and a pool full of waiters would starve the holder).
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.localLocks.run(key, async () => {
      const name = `lock:${key}`;
      const holder = `${this.lockHolder}:${++this.lockCalls}`;
      let lease = await this.acquireLease(name, holder, LOCK_TTL_MS);
      for (let wait = 1; !lease; wait = Math.min(wait * 2, LOCK_POLL_MAX_MS)) {
        await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())));
        lease = await this.acquireLease(name, holder, LOCK_TTL_MS);
      }
      const held = lease;
      const renewal = setInterval(() => {
        this.renewLease(held, LOCK_TTL_MS).catch(() => {});
      }, LOCK_TTL_MS / 3);
      renewal.unref();
      try {
        return await fn();
      } finally {
        clearInterval(renewal);
        await this.releaseLease(held);
      }
    });
  }

  async addToSet(set: string, members: readonly string[], data?: Readonly<Record<string, unknown>>): Promise<string[]> {
    const unique = [...new Set(members)];
    if (unique.length === 0) return [];
    const { rows } = await this.q<{ member: string }>(
      "add to a set",
      `INSERT INTO ${this.s}.set_members (set_name, member, data)
       SELECT $1, u.m, u.d FROM unnest($2::text[], $3::json[]) WITH ORDINALITY AS u(m, d, i) ORDER BY u.i
       ON CONFLICT DO NOTHING RETURNING member`,
      [set, unique, unique.map((m) => (data?.[m] === undefined ? null : json(data[m])))],
    );
    const added = new Set(rows.map((r) => r.member));
    return unique.filter((m) => added.has(m));
  }

  async removeFromSet(set: string, members: readonly string[]): Promise<string[]> {
    if (members.length === 0) return [];
    const { rows } = await this.q<{ member: string }>(
      "remove from a set",
      `DELETE FROM ${this.s}.set_members WHERE set_name = $1 AND member = ANY($2::text[]) RETURNING member`,
      [set, [...new Set(members)]],
    );
    const removed = new Set(rows.map((r) => r.member));
    return [...new Set(members)].filter((m) => removed.has(m));
  }

  async setMembers(set: string): Promise<string[]> {
    const { rows } = await this.q<{ member: string }>(
      "read a set",
      `SELECT member FROM ${this.s}.set_members WHERE set_name = $1 ORDER BY seq`,
      [set],
    );
    return rows.map((r) => r.member);
  }

  async setEntries<T>(set: string): Promise<SetEntry<T>[]> {
    const { rows } = await this.q<{ member: string; data: T | null }>(
      "read a set",
      `SELECT member, data FROM ${this.s}.set_members WHERE set_name = $1 ORDER BY seq`,
      [set],
    );
    return rows.map((r) => ({ member: r.member, data: r.data ?? undefined }));
  }

  async setSize(set: string): Promise<number> {
    const { rows } = await this.q("read a set", `SELECT count(*) AS n FROM ${this.s}.set_members WHERE set_name = $1`, [
      set,
    ]);
    return num(rows[0]?.n ?? 0);
  }

  async isMember(set: string, member: string): Promise<boolean> {
    const { rowCount } = await this.q(
      "read a set",
      `SELECT 1 FROM ${this.s}.set_members WHERE set_name = $1 AND member = $2`,
      [set, member],
    );
    return (rowCount ?? 0) > 0;
  }

  async deleteSet(set: string): Promise<void> {
    await this.q("delete a set", `DELETE FROM ${this.s}.set_members WHERE set_name = $1`, [set]);
  }

  async append(stream: string, records: readonly unknown[]): Promise<void> {
    if (records.length === 0) return;
    await this.q(
      "append",
      `INSERT INTO ${this.s}.events (stream, at, record)
       SELECT $1, CASE WHEN json_typeof(u.r -> 'at') = 'number' THEN (u.r ->> 'at')::numeric::bigint END, u.r
       FROM unnest($2::json[]) WITH ORDINALITY AS u(r, i) ORDER BY u.i`,
      [stream, records.map(json)],
    );
  }

  async read<T>(stream: string, range?: TimeRange): Promise<T[]> {
    const params: unknown[] = [stream];
    let where = "stream = $1";
    if (range?.since !== undefined) {
      params.push(range.since);
      where += ` AND at >= $${params.length}`;
    }
    if (range?.until !== undefined) {
      params.push(range.until);
      where += ` AND at < $${params.length}`;
    }
    const { rows } = await this.q<{ record: T }>(
      "read",
      `SELECT record FROM ${this.s}.events WHERE ${where} ORDER BY seq`,
      params,
    );
    return rows.map((r) => r.record);
  }

  async rewrite<T>(stream: string, fn: (record: T) => T): Promise<void> {
    await this.ready;
    const client = await this.pool.connect().catch((cause) => {
      throw new StoreUnavailableError(`Store ${this.description} failed to rewrite: ${String(cause)}`, { cause });
    });
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ seq: string; record: T }>(
        `SELECT seq, record FROM ${this.s}.events WHERE stream = $1 ORDER BY seq FOR UPDATE`,
        [stream],
      );
      const changed = rows.flatMap((r) => {
        const next = json(fn(r.record));
        return next === json(r.record) ? [] : [{ seq: r.seq, record: next }];
      });
      if (changed.length > 0) {
        await client.query(
          `UPDATE ${this.s}.events AS e
           SET record = u.r, at = CASE WHEN json_typeof(u.r -> 'at') = 'number' THEN (u.r ->> 'at')::numeric::bigint END
           FROM unnest($2::bigint[], $3::json[]) AS u(seq, r)
           WHERE e.stream = $1 AND e.seq = u.seq`,
          [stream, changed.map((c) => c.seq), changed.map((c) => c.record)],
        );
      }
      await client.query("COMMIT");
    } catch (cause) {
      await client.query("ROLLBACK").catch(() => {});
      throw new StoreUnavailableError(`Store ${this.description} failed to rewrite: ${String(cause)}`, { cause });
    } finally {
      client.release();
    }
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    // A byte range in the "C" collation (an index scan); U+10FFFF sorts after every character.
    const { rows } = await this.q<{ key: string }>(
      "list keys",
      `SELECT key FROM ${this.s}.kv WHERE key >= $1 AND key < $2 AND starts_with(key, $1) AND ${live} ORDER BY key`,
      [prefix, `${prefix}\u{10FFFF}`],
    );
    return rows.map((r) => r.key);
  }

  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.q(
      "purge expired rows",
      `DELETE FROM ${this.s}.kv WHERE expires_at IS NOT NULL AND expires_at <= ${NOW_MS}`,
    );
    return rowCount ?? 0;
  }

  /** VACUUM FULL rewrites the tables, so a forgotten member's words leave the dead rows too (a short exclusive lock). */
  async compact(): Promise<void> {
    for (const table of ["kv", "events", "set_members"]) await this.q("compact", `VACUUM FULL ${this.s}.${table}`);
  }

  async problem(): Promise<string | undefined> {
    try {
      await this.q("answer", "SELECT 1");
      return undefined;
    } catch (error) {
      return `${this.description} does not answer: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async close(): Promise<void> {
    await this.ready.catch(() => {});
    await this.pool.end();
  }
}

/** Opens the PostgreSQL store (its tables are created on the first connection). */
export function createPostgresStore(url: string, options: PostgresStoreOptions = {}): PostgresStore {
  return new PostgresStore(url, options);
}
