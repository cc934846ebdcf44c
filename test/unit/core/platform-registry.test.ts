import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PLATFORMS } from "../../../app/platforms.ts";

const root = join(import.meta.dirname, "../../..");
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });

describe("adding a platform", () => {
  it("starts every adapter folder that has an entry from the one list in app/platforms.ts", () => {
    const folders = readdirSync(join(root, "adapters")).filter((d) =>
      existsSync(join(root, "adapters", d, "entry.ts")),
    );
    expect(PLATFORMS.map((p) => p.id).sort()).toEqual(folders.sort());
  });

  it("edits no core file: src/ names no platform id as a string", () => {
    const ids = ["discord", "slack", "sandbox", "fake", ...PLATFORMS.map((p) => p.id)];
    const named = sources(join(root, "src")).flatMap((file) =>
      // A string naming a platform, except a config key read as AppConfig["discord"] (settings stay in src/config.ts,
      // the one core edit ARCHITECTURE.md names).
      [...readFileSync(file, "utf8").matchAll(/(?<!\[)["'`]([a-z]+)["'`]/g)]
        .filter((m) => ids.includes(m[1] ?? ""))
        .map((m) => `${relative(root, file)}: ${m[0]}`),
    );
    expect(named).toEqual([]);
  });
});
