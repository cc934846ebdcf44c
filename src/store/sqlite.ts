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
  return new KeyvStore(new Keyv({ store: adapter, namespace: "quickmeet" }), `SQLite file ${path}`);
}
