import type { Keyv } from "keyv";
import { StoreUnavailableError } from "../errors.ts";
import { keys } from "./keys.ts";
import { KeyedMutex } from "./mutex.ts";
import type { Store } from "./port.ts";

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

/**
 * The Store port over any keyv instance. Atomic operations use an in-process mutex, which is correct for the
 * single-process backends this wraps (memory, SQLite file); shared backends implement Store natively.
 */
export class KeyvStore implements Store {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly keyv: Keyv,
    private readonly description: string,
    /** Set-up the backend needs before the first operation (e.g. SQLite pragmas). */
    private readonly ready: Promise<void> = Promise.resolve(),
    /** Copy values on read: an in-memory backend would otherwise hand out the stored object itself. */
    private readonly cloneOnRead = false,
    private readonly backend?: KeyvBackend,
  ) {
    keyv.on("error", () => {
      // keyv re-throws from the failing call; this listener only stops an unhandled 'error' event from crashing.
    });
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      await this.ready;
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

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.guard("write", () => this.keyv.set(key, value, ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.guard("delete", () => this.keyv.delete(key));
  }

  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    return this.mutex.run(key, async () => {
      if ((await this.get(key)) !== undefined) return false;
      await this.set(key, value, ttlMs);
      return true;
    });
  }

  increment(key: string, by = 1): Promise<number> {
    return this.mutex.run(key, async () => {
      const next = ((await this.get<number>(key)) ?? 0) + by;
      await this.set(key, next);
      return next;
    });
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(`lock:${key}`, fn);
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

  async read<T>(stream: string): Promise<T[]> {
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
    return [...cached.flat(), ...fresh.slice(used).flat()] as T[];
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
    await this.keyv.disconnect();
  }
}
