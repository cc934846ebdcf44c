import { Keyv } from "keyv";
import { KeyvStore } from "./keyv-store.ts";
import type { Store } from "./port.ts";

/**
 * Values are copied on write (keyv's serializer hook) and on read (KeyvStore), never turned into JSON text: the
 * store must not hand out an object a caller could mutate in place (SQLite cannot), and skipping keyv's
 * JSON-with-revivers round trip removes the main cost under click bursts.
 */
const copy = <T>(data: T) => structuredClone(data);

/** A store that lives in this process only (unit tests, throwaway runs). Really stores: same code path as SQLite. */
export function createMemoryStore(): Store {
  const keyv = new Keyv({ namespace: "quickmeet", serialize: copy as unknown as (data: unknown) => string });
  return new KeyvStore(keyv, "in memory", Promise.resolve(), true);
}
