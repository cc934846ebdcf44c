import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import { Keyv } from "keyv";
import { ConfigError } from "../errors.ts";
import { KeyvStore } from "./keyv-store.ts";

const TABLE = "quickmeet";

/**
 * How long a second process waits for the file before giving up: a dead process's lock is gone at once (the
 * operating system drops it), so this only absorbs a predecessor's last moments; short, so the refusal comes quickly.
 */
const LOCK_WAIT_MS = 200;

/** The message a second process on the same file exits with. */
export function fileInUseMessage(path: string): string {
  return `The SQLite file ${path} is in use by another quickmeet process: a SQLite store serves one bot process. Stop the other process, give this one its own STORE_URL=sqlite://… file, or run several processes on PostgreSQL with STORE_URL=postgres://user:password@host:5432/quickmeet (README: "Scaling out").`;
}

const isBusy = (error: unknown) => /SQLITE_BUSY|SQLITE_LOCKED|database is locked/.test(String(error));

/**
 * A durable store in one SQLite file (the default: embedded, nothing to install). One bot process per file: the file
 * is locked exclusively while open, and a second process is refused with `fileInUseMessage` (a ConfigError).
 */
export function createSqliteStore(file: string): KeyvStore {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, table: TABLE, busyTimeout: LOCK_WAIT_MS });
  // locking_mode=EXCLUSIVE and an empty exclusive transaction take the file's lock now and keep it until close, so a
  // second process fails here instead of interleaving its writes with ours (keyv's operations are atomic only within
  // one process). WAL with synchronous=NORMAL: a commit survives a killed process (what restarts need) without an
  // fsync per write, which would otherwise cap the bot at a few dozen writes per second. secure_delete: a deleted or
  // overwritten value's bytes are zeroed in the file, so forget-me leaves no words behind.
  const ready = (async () => {
    try {
      await adapter.query("PRAGMA locking_mode=EXCLUSIVE");
      await adapter.query("PRAGMA journal_mode=WAL");
      await adapter.query("BEGIN EXCLUSIVE");
      await adapter.query("COMMIT");
    } catch (error) {
      if (isBusy(error)) throw new ConfigError(fileInUseMessage(path), { cause: error });
      throw error;
    }
    await adapter.query("PRAGMA synchronous=NORMAL");
    await adapter.query("PRAGMA secure_delete=ON");
  })();
  // Plain JSON: keyv's default (de)serializer runs a reviver over every value for Buffers, which we never store, and
  // doubled the time to read a large community's history.
  const keyv = new Keyv({ store: adapter, namespace: "quickmeet", serialize: JSON.stringify, deserialize: JSON.parse });
  /** The file this process opened (device and inode), to notice it being deleted, moved or replaced underneath. */
  const opened = ready.then(() => {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  });
  opened.catch(() => {}); // a refused open is reported by every operation; this only stops an unhandled rejection
  return new KeyvStore(keyv, `SQLite file ${path}`, ready, false, {
    // A range on the primary key (an index scan), not LIKE (which would also treat _ and % in keys as patterns).
    async keysWithPrefix(prefix) {
      const rows = (await adapter.query(
        `SELECT key FROM ${TABLE} WHERE key >= ? AND key < ?`,
        prefix,
        `${prefix}\uffff`,
      )) as {
        key: string;
      }[];
      return rows.map((r) => r.key);
    },
    // keyv keeps a row's expiry inside its JSON value ({"value":…,"expires":ms}) and deletes it only when read.
    async purgeExpired(now) {
      const expired = `FROM ${TABLE} WHERE json_extract(value, '$.expires') IS NOT NULL AND json_extract(value, '$.expires') < ?`;
      const [row] = (await adapter.query(`SELECT count(*) AS n ${expired}`, now)) as { n: number }[];
      await adapter.query(`DELETE ${expired}`, now);
      return row?.n ?? 0;
    },
    // An open SQLite file that was deleted or moved keeps answering, but every write then goes where no restart will
    // find it: that is not ready.
    async problem() {
      const expected = await opened;
      let now: string | undefined;
      try {
        const st = statSync(path);
        now = `${st.dev}:${st.ino}`;
      } catch {
        return `the SQLite file ${path} is gone (deleted or moved while the bot runs): put it back, or restart the bot`;
      }
      return now === expected
        ? undefined
        : `the SQLite file ${path} was replaced by another file while the bot runs: restart the bot`;
    },
    // Empty the write-ahead log into the file, rebuild the file (VACUUM drops free pages), and empty the log again.
    async compact() {
      await adapter.query("PRAGMA wal_checkpoint(TRUNCATE)");
      await adapter.query("VACUUM");
      await adapter.query("PRAGMA wal_checkpoint(TRUNCATE)");
    },
  });
}
