import type { Keyv } from "keyv";
import { ConfigError, StoreUnavailableError } from "../errors.ts";
import { keys } from "./keys.ts";
import { KeyedMutex } from "./mutex.ts";
import type { Lease, SetEntry, Store, TimeRange, Versioned } from "./port.ts";
import { inRange } from "./range.ts";

/** Records per stream page: an append rewrites at most one small page; reading 100,000 events is one batched read of 1,000 pages. */
export const STREAM_PAGE_SIZE = 100;

/** Keys per backend round trip in getMany. */
const GET_MANY_CHUNK = 100;

/** What a backend adds beyond keyv's API: key listing, purging expired rows, compaction. */
export interface KeyvBackend {
  /** Namespaced keys (`<namespace>:<key>`) starting with the namespaced prefix. */
  keysWithPrefix(namespacedPrefix: string): Promise<string[]>;
  /** Delete rows whose `expires` (epoch ms) is before `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
  compact(): Promise<void>;
  /** See `Store.problem`. */
  problem?(): Promise<string | undefined>;
}

interface StreamHead {
  pages: number;
  count: number;
}

interface LeaseRow {
  holder: string;
  token: number;
  expiresAt: number;
}

interface SetRow {
  seq: number;
  data?: unknown;
}

/**
 * The Store port over any keyv instance, for one process (memory, a SQLite file opened exclusively). Every write of a
 * key runs under an in-process per-key mutex, which makes setIfAbsent, increment and compare-and-set atomic here;
 * versions are kept in this process only (no other process can write the store, so none can race a version).
 */
export class KeyvStore implements Store {
  private readonly mutex = new KeyedMutex();
  /** Version of each record read with getVersioned since its last write; a write forgets it, so the next one is new. */
  private readonly versions = new Map<string, number>();
  private lastVersion = 0;
  /** Set rows as loaded once from the backend, then kept in step by this process (the only writer). */
  private readonly sets = new Map<string, Promise<Map<string, SetRow>>>();
  private lastSeq = 0;

  constructor(
    private readonly keyv: Keyv,
    private readonly description: string,
    /** Set-up the backend needs before the first operation (e.g. SQLite pragmas and its file lock). */
    readonly ready: Promise<void> = Promise.resolve(),
    /** Copy values on read: an in-memory backend would otherwise hand out the stored object itself. */
    private readonly cloneOnRead = false,
    private readonly backend?: KeyvBackend,
  ) {
    keyv.on("error", () => {
      // keyv re-throws from the failing call; this listener only stops an unhandled 'error' event from crashing.
    });
    // Readiness failures surface from the first operation (and from createStore); this stops an unhandled rejection.
    ready.catch(() => {});
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      await this.ready;
    } catch (cause) {
      // A refusal to open (another process holds the file) is reported as it is: its message says what to do.
      if (cause instanceof ConfigError) throw cause;
      throw new StoreUnavailableError(`Store ${this.description} failed to open: ${String(cause)}`, { cause });
    }
    try {
      return await fn();
    } catch (cause) {
      throw new StoreUnavailableError(`Store ${this.description} failed to ${what}: ${String(cause)}`, { cause });
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.guard("read", () => this.keyv.get(key) as Promise<T | undefined>);
    return this.cloneOnRead && value !== undefined ? structuredClone(value) : value;
  }

  async getMany<T>(list: readonly string[]): Promise<(T | undefined)[]> {
    if (list.length === 0) return [];
    // In chunks: @keyv/sqlite matches rows back to keys with a linear search per key (quadratic in the batch size).
    const values: (T | undefined)[] = [];
    for (let i = 0; i < list.length; i += GET_MANY_CHUNK) {
      const chunk = list.slice(i, i + GET_MANY_CHUNK);
      values.push(...(await this.guard("read", () => this.keyv.get(chunk) as Promise<(T | undefined)[]>)));
    }
    return this.cloneOnRead ? values.map((v) => (v === undefined ? v : structuredClone(v))) : values;
  }

  /** Writes without taking the key's mutex (the caller holds it). */
  private async write(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.versions.delete(key);
    await this.guard("write", () => this.keyv.set(key, value, ttlMs));
  }

  set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    return this.mutex.run(key, () => this.write(key, value, ttlMs));
  }

  delete(key: string): Promise<void> {
    return this.mutex.run(key, async () => {
      this.versions.delete(key);
      await this.guard("delete", () => this.keyv.delete(key));
    });
  }

  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    return this.mutex.run(key, async () => {
      if ((await this.get(key)) !== undefined) return false;
      await this.write(key, value, ttlMs);
      return true;
    });
  }

  increment(key: string, by = 1): Promise<number> {
    return this.mutex.run(key, async () => {
      const next = ((await this.get<number>(key)) ?? 0) + by;
      await this.write(key, next);
      return next;
    });
  }

  private versionOf(key: string): number {
    let version = this.versions.get(key);
    if (version === undefined) {
      version = ++this.lastVersion;
      this.versions.set(key, version);
    }
    return version;
  }

  getVersioned<T>(key: string): Promise<Versioned<T> | undefined> {
    return this.mutex.run(key, async () => {
      const value = await this.get<T>(key);
      if (value === undefined) {
        this.versions.delete(key);
        return undefined;
      }
      return { value, version: this.versionOf(key) };
    });
  }

  compareAndSet(
    key: string,
    expectedVersion: number | undefined,
    value: unknown,
    ttlMs?: number,
  ): Promise<number | undefined> {
    return this.mutex.run(key, async () => {
      const current = await this.get(key);
      const version = current === undefined ? undefined : this.versions.get(key);
      // A present record whose version nobody read since its last write cannot match any version handed out.
      if (current === undefined ? expectedVersion !== undefined : version !== expectedVersion) return undefined;
      await this.write(key, value, ttlMs);
      return this.versionOf(key);
    });
  }

  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    return this.mutex.run(keys.leaseRow(name), async () => {
      const row = await this.get<LeaseRow>(keys.leaseRow(name));
      const now = Date.now();
      if (row && row.expiresAt > now && row.holder !== holder) return undefined;
      const next: LeaseRow = { holder, token: (row?.token ?? 0) + 1, expiresAt: now + ttlMs };
      // Kept after expiry and release, so the next grant's token is larger still.
      await this.write(keys.leaseRow(name), next);
      return { name, ...next };
    });
  }

  renewLease(lease: Lease, ttlMs: number): Promise<Lease | undefined> {
    return this.mutex.run(keys.leaseRow(lease.name), async () => {
      const row = await this.get<LeaseRow>(keys.leaseRow(lease.name));
      if (!row || row.token !== lease.token || row.holder !== lease.holder) return undefined;
      const next = { ...row, expiresAt: Date.now() + ttlMs };
      await this.write(keys.leaseRow(lease.name), next);
      return { name: lease.name, ...next };
    });
  }

  releaseLease(lease: Lease): Promise<boolean> {
    return this.mutex.run(keys.leaseRow(lease.name), async () => {
      const row = await this.get<LeaseRow>(keys.leaseRow(lease.name));
      if (!row || row.token !== lease.token || row.holder !== lease.holder) return false;
      await this.write(keys.leaseRow(lease.name), { ...row, expiresAt: 0 });
      return true;
    });
  }

  setFenced(key: string, value: unknown, lease: Lease, ttlMs?: number): Promise<boolean> {
    return this.mutex.run(keys.leaseRow(lease.name), async () => {
      const row = await this.get<LeaseRow>(keys.leaseRow(lease.name));
      if (!row || row.token !== lease.token || row.expiresAt <= Date.now()) return false;
      await this.set(key, value, ttlMs);
      return true;
    });
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(`lock:${key}`, fn);
  }

  private rows(set: string): Promise<Map<string, SetRow>> {
    let loaded = this.sets.get(set);
    if (!loaded) {
      loaded = (async () => {
        const prefix = keys.setRow(set, "");
        const found = await this.keysWithPrefix(prefix);
        const values = await this.getMany<SetRow>(found);
        const entries = found.flatMap((k, i) => {
          const row = values[i];
          return row ? [[k.slice(prefix.length), row] as const] : [];
        });
        entries.sort((a, b) => a[1].seq - b[1].seq);
        return new Map(entries);
      })();
      this.sets.set(set, loaded);
      loaded.catch(() => this.sets.delete(set));
    }
    return loaded;
  }

  /** Strictly increasing within this process, and across restarts (it follows the wall clock in microseconds). */
  private nextSeq(): number {
    this.lastSeq = Math.max(this.lastSeq + 1, Date.now() * 1000);
    return this.lastSeq;
  }

  addToSet(set: string, members: readonly string[], data?: Readonly<Record<string, unknown>>): Promise<string[]> {
    return this.mutex.run(keys.setRow(set, ""), async () => {
      const rows = await this.rows(set);
      const added: string[] = [];
      for (const member of new Set(members)) {
        if (rows.has(member)) continue;
        const row: SetRow = {
          seq: this.nextSeq(),
          ...(data?.[member] === undefined ? {} : { data: structuredClone(data[member]) }),
        };
        await this.set(keys.setRow(set, member), row);
        rows.set(member, row);
        added.push(member);
      }
      return added;
    });
  }

  removeFromSet(set: string, members: readonly string[]): Promise<string[]> {
    return this.mutex.run(keys.setRow(set, ""), async () => {
      const rows = await this.rows(set);
      const removed: string[] = [];
      for (const member of new Set(members)) {
        if (!rows.has(member)) continue;
        await this.delete(keys.setRow(set, member));
        rows.delete(member);
        removed.push(member);
      }
      return removed;
    });
  }

  async setMembers(set: string): Promise<string[]> {
    return [...(await this.rows(set)).keys()];
  }

  async setEntries<T>(set: string): Promise<SetEntry<T>[]> {
    return [...(await this.rows(set))].map(([member, row]) => ({
      member,
      data: row.data === undefined ? undefined : (structuredClone(row.data) as T),
    }));
  }

  async setSize(set: string): Promise<number> {
    return (await this.rows(set)).size;
  }

  async isMember(set: string, member: string): Promise<boolean> {
    return (await this.rows(set)).has(member);
  }

  async deleteSet(set: string): Promise<void> {
    await this.removeFromSet(set, await this.setMembers(set));
  }

  append(stream: string, records: readonly unknown[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.mutex.run(keys.streamLock(stream), async () => {
      const head = (await this.get<StreamHead>(keys.streamHead(stream))) ?? { pages: 0, count: 0 };
      let pageIndex = head.pages === 0 ? 0 : head.pages - 1;
      let page = head.pages === 0 ? [] : ((await this.get<unknown[]>(keys.streamPage(stream, pageIndex))) ?? []);
      for (const record of records) {
        if (page.length >= STREAM_PAGE_SIZE) {
          await this.set(keys.streamPage(stream, pageIndex), page);
          pageIndex += 1;
          page = [];
        }
        page.push(record);
      }
      await this.set(keys.streamPage(stream, pageIndex), page);
      await this.set(keys.streamHead(stream), { pages: pageIndex + 1, count: head.count + records.length });
    });
  }

  /**
   * Every page of a stream but the last is full and never changes (only `rewrite` touches them, and it clears this
   * cache), so decoded full pages are kept: a later read fetches only the pages appended since. Stats and round
   * planning read a community's whole history; this keeps that cheap after the first read.
   */
  private readonly fullPages = new Map<string, unknown[][]>();

  async read<T>(stream: string, range?: TimeRange): Promise<T[]> {
    const head = await this.get<StreamHead>(keys.streamHead(stream));
    if (!head) return [];
    const cached = this.fullPages.get(stream) ?? [];
    const from = Math.min(cached.length, head.pages);
    const keysToRead = Array.from({ length: head.pages - from }, (_, i) => keys.streamPage(stream, from + i));
    const fresh = (await this.getMany<unknown[]>(keysToRead)).map((page) => page ?? []);
    let used = 0;
    for (const page of fresh) {
      // Cache only pages that can no longer change: full, and not the last one.
      if (from + used >= head.pages - 1 || page.length !== STREAM_PAGE_SIZE) break;
      cached.push(page);
      used++;
    }
    this.fullPages.set(stream, cached);
    const all = [...cached.flat(), ...fresh.slice(used).flat()] as T[];
    return range ? all.filter((r) => inRange(r, range)) : all;
  }

  rewrite<T>(stream: string, fn: (record: T) => T): Promise<void> {
    return this.mutex.run(keys.streamLock(stream), async () => {
      this.fullPages.delete(stream);
      const head = await this.get<StreamHead>(keys.streamHead(stream));
      if (!head) return;
      for (let i = 0; i < head.pages; i++) {
        const page = (await this.get<T[]>(keys.streamPage(stream, i))) ?? [];
        await this.set(keys.streamPage(stream, i), page.map(fn));
      }
    });
  }

  /** Keys of the rows on disk starting with `prefix`, expired ones included (until purgeExpired drops them). */
  async storedKeysWithPrefix(prefix: string): Promise<string[]> {
    const namespace = this.keyv.namespace ? `${this.keyv.namespace}:` : "";
    const found = await this.guard(
      "list keys",
      async () => (await this.backend?.keysWithPrefix(namespace + prefix)) ?? [],
    );
    return found.map((k) => k.slice(namespace.length));
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    const namespace = this.keyv.namespace ? `${this.keyv.namespace}:` : "";
    const found = await this.guard(
      "list keys",
      async () => (await this.backend?.keysWithPrefix(namespace + prefix)) ?? [],
    );
    // Expired rows may still be on disk until the next purge: only live keys are reported.
    const keys = found.map((k) => k.slice(namespace.length));
    const values = await this.getMany(keys);
    return keys.filter((_, i) => values[i] !== undefined);
  }

  purgeExpired(): Promise<number> {
    return this.guard("purge expired rows", async () => (await this.backend?.purgeExpired(Date.now())) ?? 0);
  }

  async problem(): Promise<string | undefined> {
    return this.backend?.problem?.();
  }

  async compact(): Promise<void> {
    await this.guard("compact", async () => this.backend?.compact());
  }

  async close(): Promise<void> {
    await this.ready.catch(() => {});
    await this.keyv.disconnect();
  }
}
