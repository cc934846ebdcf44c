import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The throwaway PostgreSQL cluster's URL (scripts/with-postgres.sh sets it). In CI a missing URL fails the test
 * instead of skipping it, so the multi-process guarantees are never silently untested.
 */
export function testPgUrl(): string | undefined {
  const url = process.env.QUICKMEET_TEST_PG_URL;
  if (!url && process.env.CI === "true")
    throw new Error("QUICKMEET_TEST_PG_URL is not set: run the tests through scripts/with-postgres.sh");
  return url;
}

/** A fresh database on the test cluster, so each test file starts empty; `drop` removes it. */
export async function freshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `qm_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
