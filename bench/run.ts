import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * `npm run bench` runs every bench/*.bench.ts; `npm run bench -- NAME` runs those whose name contains NAME;
 * `--json` prints one JSON object per line; `--quick` asks benches for a smaller, faster run.
 */
const args = process.argv.slice(2);
const json = args.includes("--json");
const quick = args.includes("--quick");
const filters = args.filter((a) => !a.startsWith("--"));
const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

if (files.length === 0) {
  console.error(
    `No benchmark matches ${filters.join(", ")}. Available: ${readdirSync(here)
      .filter((f) => f.endsWith(".bench.ts"))
      .join(", ")}`,
  );
  process.exit(2);
}

function printTable(rows: BenchRow[]): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) =>
    typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v ?? "");
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ");
  console.log(line(columns));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
  console.log();
}

for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: BenchFn };
  if (!json) console.log(`== ${basename(file, ".bench.ts")} ==`);
  const rows = await mod.default({ quick });
  if (json) for (const row of rows) console.log(JSON.stringify(row));
  else printTable(rows);
}
