import { Keyv } from "keyv";
import { KeyvStore } from "./keyv-store.ts";
import type { Store } from "./port.ts";

/** A store that lives in this process only (unit tests, throwaway runs). Really stores: same code path as SQLite. */
export function createMemoryStore(): Store {
  return new KeyvStore(new Keyv({ namespace: "quickmeet" }), "in memory");
}
