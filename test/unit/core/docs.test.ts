import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import { envSchema } from "../../../src/config.ts";

const root = join(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(join(root, file), "utf8");

describe("the documentation stays true", () => {
  it("README documents every command and every one of its options", () => {
    const readme = read("README.md");
    for (const c of commands) {
      expect(readme, `README misses /quickmeet ${c.name}`).toContain(`/quickmeet ${c.name}`);
      for (const option of Object.keys(c.optionDocs))
        expect(readme, `README misses ${c.name} option ${option}`).toContain(option);
    }
  });

  it(".env.example and README document every environment variable the config reads", () => {
    const example = read(".env.example");
    const readme = read("README.md");
    for (const name of Object.keys(envSchema.shape)) {
      expect(example, `.env.example misses ${name}`).toMatch(new RegExp(`^${name}=`, "m"));
      expect(readme, `README misses ${name}`).toContain(name);
    }
  });

  it("CI runs the test command the README gives", () => {
    expect(read("README.md")).toContain("npm test");
    expect(read(".ci/run")).toMatch(/^npm test$/m);
  });
});
