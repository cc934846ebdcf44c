import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Starts the worker module `name` of this folder (`plan-worker`). Running from TypeScript
 * sources (tsx, vitest) the worker registers tsx's loader before importing the .ts entry (Node 20 workers ignore
 * `--import` in execArgv); a build runs the compiled .js entry directly.
 */
export function spawnSessionWorker(name: string): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, import.meta.url));
  const tsx = pathToFileURL(tsxEsmApi()).href;
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

/** Path of tsx's ESM register API, read from its package exports (require() would resolve the CJS build). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = pkg.exports["./esm/api"]?.import.default;
  if (!entry) throw new Error("tsx/esm/api has no ESM entry; is tsx installed?");
  return join(dirname(manifest), entry);
}
