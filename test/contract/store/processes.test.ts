import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Lease } from "../../../src/store/port.ts";
import { createPostgresStore } from "../../../src/store/postgres.ts";
import { cleanUp, freshSchema, pgUrl } from "./backends.ts";

afterAll(cleanUp);

const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));

interface Run {
  lines: Record<string, unknown>[];
  done: Promise<void>;
}

/** Starts a real process running one task; its JSON lines are collected as they come. */
function start(schema: string, task: string, name: string, startAt: number): Run {
  const child = spawn(process.execPath, ["--import", "tsx", worker, pgUrl ?? "", schema, task, name, String(startAt)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: Record<string, unknown>[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      lines.push(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
    }
  });
  const done = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${task} ${name} exited ${code}`)))),
  );
  return { lines, done };
}

const resultOf = <T>(run: Run) => run.lines.find((l) => "result" in l)?.result as T;

/** Both processes need a few seconds to load; the aligned work starts after that. */
const START_DELAY_MS = 4_000;

describe.skipIf(!pgUrl)("two real processes on one PostgreSQL store", () => {
  it("2 × 200 lease claims at the same instants: every lease granted exactly once", async () => {
    const schema = freshSchema();
    const startAt = Date.now() + START_DELAY_MS;
    const runs = [start(schema, "claims", "p1", startAt), start(schema, "claims", "p2", startAt)];
    await Promise.all(runs.map((r) => r.done));
    const [a = [], b = []] = runs.map((r) => resultOf<number[]>(r));
    const both = a.filter((i) => b.includes(i));
    expect(both, "double grants").toEqual([]);
    expect(a.length + b.length).toBe(200);
  }, 30_000);

  it("2 × 200 increments give exactly 400", async () => {
    const schema = freshSchema();
    const startAt = Date.now() + START_DELAY_MS;
    const runs = [start(schema, "increments", "p1", startAt), start(schema, "increments", "p2", startAt)];
    await Promise.all(runs.map((r) => r.done));
    const store = createPostgresStore(pgUrl ?? "", { schema });
    expect(await store.get("counter")).toBe(400);
    await store.close();
  }, 30_000);

  it("compare-and-set writers in two processes lose no update", async () => {
    const schema = freshSchema();
    const startAt = Date.now() + START_DELAY_MS;
    const runs = [start(schema, "casWriters", "p1", startAt), start(schema, "casWriters", "p2", startAt)];
    await Promise.all(runs.map((r) => r.done));
    const store = createPostgresStore(pgUrl ?? "", { schema });
    const list = (await store.get<string[]>("shared")) ?? [];
    expect(list).toHaveLength(200);
    expect(new Set(list).size).toBe(200);
    await store.close();
  }, 30_000);

  it("a stale lease holder's fenced write is refused after another process took the lease", async () => {
    const schema = freshSchema();
    const store = createPostgresStore(pgUrl ?? "", { schema });
    // The worker writes once this process has taken the lease over (well after its 300 ms expired).
    const startAt = Date.now() + START_DELAY_MS + 1_000;
    const stale = start(schema, "staleHolder", "stalled", startAt);
    const until = async (ready: () => Promise<boolean> | boolean) => {
      while (!(await ready())) {
        if (Date.now() > startAt) throw new Error("the lease was not taken over before the stalled write");
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(() => stale.lines.some((l) => "acquired" in l));
    expect(await store.acquireLease("space:1", "survivor", 60_000), "held by the other process").toBeUndefined();
    let lease: Lease | undefined;
    await until(async () => {
      lease = await store.acquireLease("space:1", "survivor", 60_000);
      return lease !== undefined;
    });
    if (!lease) throw new Error("unreachable");
    expect(await store.setFenced("post:1", "survivor", lease)).toBe(true);
    await stale.done;
    const result = resultOf<{ token: number; wrote: boolean }>(stale);
    expect(result.wrote).toBe(false);
    expect(lease.token).toBeGreaterThan(result.token);
    expect(await store.get("post:1")).toBe("survivor");
    await store.close();
  }, 30_000);
});
