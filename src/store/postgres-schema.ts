/** Identifier quoting for the schema name (the only identifier that comes from outside). */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The database's clock in epoch ms: expiries are judged by one clock, whatever the processes' clocks say. */
export const NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

/**
 * The tables, created on start inside one transaction under an advisory lock, so two processes starting at once do
 * not race each other's CREATE (IF NOT EXISTS is not safe under concurrency on its own). Keys compare in the "C"
 * collation so a prefix is a plain byte range (keysWithPrefix). Values are `json` (kept as written: key order stays).
 */
export function schemaStatements(schema: string): string[] {
  const s = ident(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE SEQUENCE IF NOT EXISTS ${s}.versions`,
    `CREATE SEQUENCE IF NOT EXISTS ${s}.fencing`,
    `CREATE SEQUENCE IF NOT EXISTS ${s}.set_seq`,
    `CREATE TABLE IF NOT EXISTS ${s}.kv (
      key text COLLATE "C" PRIMARY KEY,
      value json NOT NULL,
      version bigint NOT NULL,
      expires_at bigint
    )`,
    `CREATE INDEX IF NOT EXISTS kv_expires ON ${s}.kv (expires_at) WHERE expires_at IS NOT NULL`,
    `CREATE TABLE IF NOT EXISTS ${s}.leases (
      name text PRIMARY KEY,
      holder text NOT NULL,
      token bigint NOT NULL,
      expires_at bigint NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.set_members (
      set_name text COLLATE "C" NOT NULL,
      member text COLLATE "C" NOT NULL,
      data json,
      seq bigint NOT NULL DEFAULT nextval('${s.replaceAll("'", "''")}.set_seq'),
      PRIMARY KEY (set_name, member)
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
      stream text COLLATE "C" NOT NULL,
      seq bigserial,
      at bigint,
      record json NOT NULL,
      PRIMARY KEY (stream, seq)
    )`,
    `CREATE INDEX IF NOT EXISTS events_at ON ${s}.events (stream, at)`,
  ];
}
