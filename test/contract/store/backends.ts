import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createMemoryStore } from "../../../src/store/memory.ts";
import type { Store } from "../../../src/store/port.ts";
import { createPostgresStore } from "../../../src/store/postgres.ts";
import { createSqliteStore } from "../../../src/store/sqlite.ts";

/** Set by scripts/with-postgres.sh (npm test runs inside it). */
export const pgUrl = process.env.QUICKMEET_TEST_PG_URL;
/** In CI a missing PostgreSQL is a failure, never a skip. */
export const pgRequired = process.env.CI === "true";

export const tempDir = mkdtempSync(join(tmpdir(), "quickmeet-store-"));
const schemas: string[] = [];

/** A schema of its own per store, so tests never see each other's rows. */
export function freshSchema(): string {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  schemas.push(schema);
  return schema;
}

export type Backend = [name: string, make: () => Store];

export const backends: Backend[] = [
  ["memory", () => createMemoryStore()],
  ["SQLite file", () => createSqliteStore(join(tempDir, `${Math.random().toString(36).slice(2)}.sqlite`))],
  ...(pgUrl
    ? ([["PostgreSQL", () => createPostgresStore(pgUrl, { schema: freshSchema(), poolSize: 4 })]] as Backend[])
    : []),
];

/** Drops every schema the tests made and the SQLite files. */
export async function cleanUp(): Promise<void> {
  rmSync(tempDir, { recursive: true, force: true });
  if (!pgUrl || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
