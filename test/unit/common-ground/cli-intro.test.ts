import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runIntroCli } from "../../../app/cli/intro.ts";

const dir = mkdtempSync(join(tmpdir(), "quickmeet-intro-"));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runIntroCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

const group = {
  members: [
    { id: "a", name: "Alex", interests: ["Public Relations", "Hiking"], lookingFor: ["hiring"], city: "Rochester, NY" },
    { id: "b", name: "Sam", interests: ["PR", "hikes"], lookingFor: ["job"], city: "Rochester" },
  ],
  asked: { a: ["interest-origin"] },
};

describe("quickmeet intro", () => {
  it("prints the intro a group would get as JSON", async () => {
    const { code, stdout } = await run(["--input", file("group.json", group), "--seed", "demo"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.commonGround).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "interest", label: "public relations", members: ["a", "b"] }),
      ]),
    );
    expect(out.questionId).not.toBe("interest-origin");
    expect(out.text).toContain("Alex is hiring; Sam is looking for a job");
    expect((await run(["--input", file("group.json", group), "--seed", "demo"])).stdout).toBe(stdout);
  });

  it("accepts stored profiles (userId, displayName) and custom questions", async () => {
    const path = file("profiles.json", {
      members: [
        { userId: "a", displayName: "Alex", interests: [], lookingFor: [], v: 1, updatedAt: 0 },
        { userId: "b", displayName: "Sam", interests: [], lookingFor: [] },
      ],
      customQuestions: [{ id: "club-1", text: "What brought you to the club tonight?" }],
    });
    const { code, stdout } = await run(["--input", path]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).question).toMatch(/three things/i);
  });

  it("names the field at fault and exits 2 on bad input", async () => {
    const bad = { members: [{ id: "a", lookingFor: ["boss"] }, { name: "no id" }] };
    const { code, stderr } = await run(["--input", file("bad.json", bad)]);
    expect(code).toBe(2);
    expect(stderr).toContain("members[0].lookingFor[0]");
    expect(stderr).toContain("members[1].id: needs an id");
  });

  it("rejects a group that is not a pair or trio, typos in field names and duplicate ids", async () => {
    const one = await run(["--input", file("one.json", { members: [group.members[0]] })]);
    expect(one).toMatchObject({ code: 2 });
    expect(one.stderr).toContain("members: a group has 2 or 3 members");
    const typo = await run(["--input", file("typo.json", { members: [{ id: "a", interest: ["x"] }, { id: "b" }] })]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/members\[0\].*interest/);
    const dup = await run(["--input", file("dup.json", { members: [{ id: "a" }, { id: "a" }] })]);
    expect(dup.stderr).toContain('id "a" appears twice');
  });

  it("explains missing arguments, missing files and broken JSON with exit code 2", async () => {
    expect(await run([])).toMatchObject({ code: 2, stderr: expect.stringContaining("--input is required") });
    expect(await run(["--input"])).toMatchObject({ code: 2, stderr: expect.stringContaining("--input needs a value") });
    expect(await run(["--input", "x.json", "--bogus"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"--bogus"'),
    });
    expect(await run(["--input", join(dir, "missing.json")])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("file not found"),
    });
    expect((await run(["--input", file("broken.json", "{ not json")])).code).toBe(2);
    const badCustom = await run([
      "--input",
      file("custom.json", { ...group, customQuestions: [{ id: "c", text: "hm" }] }),
    ]);
    expect(badCustom).toMatchObject({ code: 2, stderr: expect.stringContaining("customQuestions") });
  });
});
