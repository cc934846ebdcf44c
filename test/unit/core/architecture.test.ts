import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type ICruiseOptions, type IViolation } from "dependency-cruiser";
import extractDepcruiseConfig from "dependency-cruiser/config-utl/extract-depcruise-config";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const TREE = ["src", "commands", "adapters", "app"];

/** The repository's .dependency-cruiser.cjs over `dirs` under `baseDir`: every rule broken, one line each. */
async function violations(baseDir: string, dirs: readonly string[]): Promise<string[]> {
  const config = await extractDepcruiseConfig(join(root, ".dependency-cruiser.cjs"));
  const options: ICruiseOptions = { ...config.options, ruleSet: config, baseDir, validate: true };
  const result = await cruise([...dirs], options);
  if (typeof result.output === "string") throw new Error("dependency-cruiser returned a report, not a result");
  const seen = new Set<string>();
  for (const v of result.output.summary.violations as IViolation[]) {
    const path = v.cycle?.length ? v.cycle.map((c) => c.name).join(" → ") : v.to;
    seen.add(`${v.rule.name}: ${v.from} → ${path}`);
  }
  return [...seen].sort();
}

describe("the shape of the tree (.dependency-cruiser.cjs)", () => {
  it("has no import cycle, no cycle among the core's folders, and a core that imports no edge or platform SDK", async () => {
    expect(await violations(root, TREE)).toEqual([]);
  }, 120_000);

  describe("catches what it is there to catch", () => {
    const fixture = mkdtempSync(join(tmpdir(), "qm-shape-"));
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));
    const write = (files: Record<string, string>) => {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(fixture, path)), { recursive: true });
        writeFileSync(join(fixture, path), text);
      }
    };
    write({
      // A file cycle inside one folder.
      "src/a/one.ts": 'import { two } from "./two.ts";\nexport const one = () => two;\n',
      "src/a/two.ts": 'import type { one } from "./one.ts";\nexport const two: typeof one | 1 = 1;\n',
      // A folder cycle made of files that are not a file cycle: b/x → c/y, c/z → b/w.
      "src/b/x.ts": 'import { y } from "../c/y.ts";\nexport const x = y;\n',
      "src/b/w.ts": "export const w = 1;\n",
      "src/c/y.ts": "export const y = 1;\n",
      "src/c/z.ts": 'import { w } from "../b/w.ts";\nexport const z = w;\n',
      // The core reaching out to a command, an adapter and the composition root.
      "src/d/edge.ts":
        'import { cmd } from "../../commands/cmd.ts";\nimport { ad } from "../../adapters/x/ad.ts";\nimport { m } from "../../app/main.ts";\nexport const e = [cmd, ad, m];\n',
      "commands/cmd.ts": "export const cmd = 1;\n",
      "adapters/x/ad.ts": "export const ad = 1;\n",
      "app/main.ts": "export const m = 1;\n",
    });

    it("reports a file cycle, type-only imports included", async () => {
      const found = await violations(fixture, ["src", "commands", "adapters", "app"]);
      expect(found).toContain("no-circular: src/a/one.ts → src/a/two.ts → src/a/one.ts");
    });

    it("reports a cycle between two core folders even when no file cycle exists", async () => {
      const found = await violations(fixture, ["src"]);
      expect(found).toContain("no-folder-cycles: src/b → src/c → src/b");
      expect(found.some((f) => f.startsWith("no-circular: src/b") || f.startsWith("no-circular: src/c"))).toBe(false);
    });

    it("reports the core importing commands/, adapters/ or app/", async () => {
      const found = await violations(fixture, ["src", "commands", "adapters", "app"]);
      expect(found.filter((f) => f.startsWith("core-knows-no-edge"))).toEqual([
        "core-knows-no-edge: src/d/edge.ts → adapters/x/ad.ts",
        "core-knows-no-edge: src/d/edge.ts → app/main.ts",
        "core-knows-no-edge: src/d/edge.ts → commands/cmd.ts",
      ]);
    });
  });
});
