import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

const core = () =>
  sources(join(root, "src")).map((file) => ({ file: relative(root, file), text: readFileSync(file, "utf8") }));

describe("the engine's parts are built once and passed in", () => {
  it("builds each repo in createBot only, never ad hoc where it is used", () => {
    const adHoc = core()
      .filter(({ file }) => file !== "src/bot.ts")
      .flatMap(({ file, text }) => [...text.matchAll(/new (\w+Repo)\(/g)].map((m) => `${file}: new ${m[1]}`));
    expect(adHoc).toEqual([]);
  });

  it("keeps no state in module-level maps keyed by the engine: each part owns its state", () => {
    // Pure caches (tag normalisation, time-zone formatters) may be module-level; per-bot state may not.
    const hidden = core().flatMap(({ file, text }) =>
      [...text.matchAll(/^(?:export )?const \w+ = new (WeakMap|Map|Set)\b/gm)]
        .filter((m) => m[1] === "WeakMap" || file.startsWith("src/session/"))
        .map((m) => `${file}: ${m[0]}`),
    );
    expect(hidden).toEqual([]);
  });

  it("lets the rounds end a session through what the lifecycle hands them, so the two never import each other", () => {
    const rounds = readFileSync(join(root, "src/session/rounds.ts"), "utf8");
    expect(rounds).not.toMatch(/from "\.\/lifecycle\.ts"/);
  });
});
