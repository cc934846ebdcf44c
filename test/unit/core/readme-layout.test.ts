import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SUMMARY_DELAY_MS } from "../../../src/session/lifecycle.ts";

const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");

describe("README reads well", () => {
  it("keeps table rows short enough to read without scrolling sideways (long text goes below the tables)", () => {
    const rows = readme.split("\n").filter((line) => line.startsWith("|"));
    expect(rows.length).toBeGreaterThan(10);
    const long = rows.filter((row) => row.length > 170).map((row) => `${row.length}: ${row.slice(0, 60)}…`);
    expect(long).toEqual([]);
  });

  it("says when the organizer's summary arrives", () => {
    expect(readme).toContain(`**${SUMMARY_DELAY_MS / 60_000} minutes after the end**`);
  });
});
