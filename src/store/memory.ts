import { Keyv } from "keyv";
import { KeyvStore } from "./keyv-store.ts";

/**
 * Values are copied on write (keyv's serializer hook) and on read (KeyvStore), never turned into JSON text: the
 * store must not hand out an object a caller could mutate in place (SQLite cannot), and skipping keyv's
 * JSON-with-revivers round trip removes the main cost under click bursts.
 */
const copy = <T>(data: T) => structuredClone(data);

/** A store that lives in this process only (unit tests, throwaway runs). Really stores: same code path as SQLite. */
export function createMemoryStore(): KeyvStore {
  const map = new Map<string, unknown>();
  const keyv = new Keyv({
    store: map,
    namespace: "quickmeet",
    serialize: copy as unknown as (data: unknown) => string,
  });
  const expiresOf = (row: unknown) => (row as { expires?: number } | undefined)?.expires;
  return new KeyvStore(keyv, "in memory", Promise.resolve(), true, {
    keysWithPrefix: async (prefix) => [...map.keys()].filter((k) => k.startsWith(prefix)),
    async purgeExpired(now) {
      let purged = 0;
      for (const [key, row] of map) {
        const expires = expiresOf(row);
        if (expires !== undefined && expires < now && map.delete(key)) purged++;
      }
      return purged;
    },
    compact: async () => {},
  });
}
