import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INTRO_EXAMPLE, runIntroCli } from "../../../app/cli/intro.ts";
import type { CliIo } from "../../../app/cli/io.ts";
import { PAIR_EXAMPLE, runPairCli } from "../../../app/cli/pair.ts";

const dir = mkdtempSync(join(tmpdir(), "quickmeet-cli-help-"));
const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");

async function run(cli: (args: string[], io: CliIo) => Promise<number>, args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await cli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** The JSON example printed after "Example:" in a help text. */
const exampleIn = (help: string) => JSON.parse(help.slice(help.indexOf("Example:") + "Example:".length));

describe.each([
  ["pair", runPairCli, PAIR_EXAMPLE, ["members", "weights", "history", "blocks", "trioCounts", "now"]],
  ["intro", runIntroCli, INTRO_EXAMPLE, ["members", "asked", "customQuestions"]],
] as const)("quickmeet %s --help", (name, cli, example, fields) => {
  it("documents every input field and an example input that the command accepts", async () => {
    const help = await run(cli, ["--help"]);
    expect(help.code).toBe(0);
    for (const field of fields) expect(help.stdout, field).toMatch(new RegExp(`^\\s+${field}\\s`, "m"));
    expect(exampleIn(help.stdout)).toEqual(example);
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(example));
    const out = await run(cli, ["--input", file]);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
  });

  it("is documented in README with the same example", () => {
    const compact = (s: string) => s.replace(/\s+/g, "");
    expect(compact(readme).includes(compact(JSON.stringify(example, null, 2))), "README shows the example").toBe(true);
  });
});

describe("quickmeet pair weights", () => {
  it("refuses weights too large to sum, and never prints a null score", async () => {
    const file = join(dir, "huge.json");
    writeFileSync(file, JSON.stringify({ members: [{ id: "a" }, { id: "b" }], weights: [["a", "b", 1e308]] }));
    const huge = await run(runPairCli, ["--input", file]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain("weights[0][2]: must be a number from 0 to 1000000000");
    writeFileSync(file, JSON.stringify({ members: [{ id: "a" }, { id: "b" }], weights: [["a", "b", 1e9]] }));
    const big = await run(runPairCli, ["--input", file]);
    expect(big.code).toBe(0);
    expect(JSON.parse(big.stdout).rounds[0].score).toBe(1e9);
  });
});
