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

const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] ?? "");

describe("the platform-free core", () => {
  it("never imports a platform SDK, an adapter, a command or the composition root (app/) from src/", () => {
    const offenders = sources(join(root, "src")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^(discord\.js|@discordjs\/|@slack\/)/.test(spec) || /\/(adapters|commands|app)\//.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("touches keyv backends and node-cron only through their one wrapping module", () => {
    const offenders = sources(join(root, "src")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith("@keyv/") || spec === "node-cron")
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders.every((o) => o.startsWith("src/store/sqlite.ts") || o.startsWith("src/schedule/cron.ts"))).toBe(
      true,
    );
  });
});
