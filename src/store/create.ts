import { ConfigError } from "../errors.ts";
import type { Store } from "./port.ts";
import { createSqliteStore } from "./sqlite.ts";

/** Opens the store named by STORE_URL. */
export function createStore(url: string): Store {
  const match = /^sqlite:\/\/(.+)$/.exec(url);
  if (match?.[1]) return createSqliteStore(match[1]);
  throw new ConfigError(
    `STORE_URL: "${url}" is not supported. Use sqlite://path/to/file.sqlite (one bot process per file); shared Redis/PostgreSQL backends for several processes are not built yet.`,
  );
}
