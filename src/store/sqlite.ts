import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import { Keyv } from "keyv";
import { KeyvStore } from "./keyv-store.ts";
import type { Store } from "./port.ts";

/** A durable store in one SQLite file (the default: embedded, nothing to install). One bot process per file. */
export function createSqliteStore(file: string): Store {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, table: "quickmeet", busyTimeout: 10_000 });
  // WAL with synchronous=NORMAL: a commit survives a killed process (what restarts need) without an fsync per write,
  // which would otherwise cap the bot at a few dozen writes per second (a burst of Join clicks took a minute).
  const ready = (async () => {
    await adapter.query("PRAGMA journal_mode=WAL");
    await adapter.query("PRAGMA synchronous=NORMAL");
  })();
  // Plain JSON: keyv's default (de)serializer runs a reviver over every value for Buffers, which we never store, and
  // doubled the time to read a large community's history.
  const keyv = new Keyv({ store: adapter, namespace: "quickmeet", serialize: JSON.stringify, deserialize: JSON.parse });
  return new KeyvStore(keyv, `SQLite file ${path}`, ready);
}
