import { ConfigError } from "../errors.ts";
import type { Store } from "./port.ts";
import { createSqliteStore } from "./sqlite.ts";

/** Whether STORE_URL names a store several bot processes share (PostgreSQL), rather than one process's SQLite file. */
export function isSharedStoreUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export interface StoreOptions {
  /** PostgreSQL connections per process. */
  poolSize?: number;
}

/**
 * Opens the store named by STORE_URL and waits until it is usable: a SQLite file another process holds, or a
 * PostgreSQL server that cannot be reached, fails here with a message that says what to do.
 */
export async function createStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const sqlite = /^sqlite:\/\/(.+)$/.exec(url);
  if (sqlite?.[1]) return opened(createSqliteStore(sqlite[1]));
  if (isSharedStoreUrl(url)) {
    // Loaded only when used: a SQLite bot starts (or is refused) without loading the driver.
    const { createPostgresStore } = await import("./postgres.ts");
    return opened(createPostgresStore(url, options.poolSize ? { poolSize: options.poolSize } : {}));
  }
  throw new ConfigError(
    `STORE_URL: "${url}" is not supported. Use sqlite://path/to/file.sqlite (one bot process per file) or postgres://user:password@host:5432/database (several processes).`,
  );
}

async function opened<S extends Store & { ready: Promise<void> }>(store: S): Promise<S> {
  try {
    await store.ready;
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}
