import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * The id this bot instance holds leases under, kept in a file beside its SQLite store (`<file>.instance`), so a
 * process restarted on the same store is the same instance and may take over the leases its killed predecessor
 * left at once. Another machine with its own store gets its own id. Stores without a file get a fresh id.
 */
export function instanceIdFor(storeUrl: string): string {
  const match = /^sqlite:\/\/(.+)$/.exec(storeUrl);
  if (!match?.[1]) return randomUUID();
  const file = `${resolve(match[1])}.instance`;
  try {
    const known = readFileSync(file, "utf8").trim();
    if (known) return known;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const id = randomUUID();
  writeFileSync(file, `${id}\n`);
  return id;
}
