import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_BAD_INPUT } from "../../../app/cli/io.ts";
import { runPairCli } from "../../../app/cli/pair.ts";

const dir = mkdtempSync(join(tmpdir(), "quickmeet-pair-"));
let files = 0;
const poolFile = (pool: unknown) => {
  const path = join(dir, `pool-${files++}.json`);
  writeFileSync(path, typeof pool === "string" ? pool : JSON.stringify(pool));
  return path;
};

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runPairCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

describe("quickmeet pair", () => {
  it("plans rounds from explicit weights and prints groups, scores and repeats as JSON", async () => {
    const input = poolFile({
      members: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }],
      weights: [
        ["a", "b", 10],
        ["c", "d", 5],
        ["a", "c", 1],
      ],
      history: [["a", "c", "2026-01-05T10:00:00Z"]],
      blocks: [["b", "d"]],
    });
    const { code, stdout } = await run(["--input", input, "--rounds", "1", "--seed", "s1"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.rounds[0].groups.map((g: string[]) => [...g].sort()).sort()).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(out.rounds[0].score).toBe(15);
    expect(out.repeats).toBe(0);
    expect(typeof out.ms).toBe("number");
  });

  it("scores from profiles when no weights are given, and makes trios with --group-size 3", async () => {
    const members = ["ann", "bo", "cy", "di", "ed", "flo"].map((id, i) => ({
      id,
      interests: i % 2 ? ["hiking", "jazz"] : ["chess", "poetry"],
      city: i < 3 ? "Rochester" : "Austin",
      lookingFor: ["friends"],
    }));
    const { code, stdout } = await run(["--input", poolFile({ members }), "--group-size", "3", "--rounds", "2"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.rounds).toHaveLength(2);
    for (const r of out.rounds) expect(r.groups.map((g: string[]) => g.length)).toEqual([3, 3]);
    expect(out.rounds[0].score).toBeGreaterThan(0);
  });

  it.each([
    [{ members: [] }, "members: needs at least one member"],
    [{ members: [{ id: "a" }, { id: "a" }] }, 'members[1].id: "a" appears twice'],
    [{ members: [{ name: "x" }] }, "members[0].id: needs an id"],
    [{ members: [{ id: "a", lookingFor: ["money"] }] }, "members[0].lookingFor[0]: must be one of: mentor"],
    [{ members: [{ id: "a" }], weights: [["a", "b", 1]] }, 'weights[0][1]: "b" is not in members'],
    [
      { members: [{ id: "a" }, { id: "b" }], weights: [["a", "b", -1]] },
      "weights[0][2]: must be a number from 0 to 1000000000",
    ],
    [{ members: [{ id: "a" }], history: [["a", "b", "last week"]] }, "history[0][2]"],
    [{ members: [{ id: "a" }], blocks: [["a"]] }, "blocks[0]"],
    [{ members: [{ id: "a" }], colour: "red" }, "colour"],
  ])("rejects bad input %j with exit 2 and a message naming the field", async (pool, message) => {
    const { code, stderr } = await run(["--input", poolFile(pool)]);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toContain(message);
  });

  it.each([
    [[], "--input is required"],
    [["--input"], "--input needs a value"],
    [["--input", "x.json", "--group-size", "4"], "--group-size must be 2 or 3"],
    [["--input", "x.json", "--rounds", "0"], "--rounds must be a whole number"],
    [["--input", "x.json", "--colour"], 'unknown argument "--colour"'],
    [["--input", join(dir, "missing.json")], "file not found"],
  ])("rejects bad arguments %j with exit 2", async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toContain(message);
  });

  it("rejects a file that is not JSON with exit 2", async () => {
    const { code, stderr } = await run(["--input", poolFile("{ not json")]);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toContain("Cannot read");
  });
});
