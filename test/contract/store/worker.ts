/**
 * One real process against a shared PostgreSQL store, for the multi-process contract tests. Usage:
 * `worker.ts <url> <schema> <task> <name> <startAt>`; prints one JSON line with its result and exits.
 */
import { update } from "../../../src/store/port.ts";
import { createPostgresStore } from "../../../src/store/postgres.ts";

const [url = "", schema = "", task = "", name = "", startAtText = "0"] = process.argv.slice(2);
const startAt = Number(startAtText);
const store = createPostgresStore(url, { schema, poolSize: 8 });
await store.ready;
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/** Claim i is made by both processes at the same instant startAt + 5·i ms. */
async function claims(): Promise<number[]> {
  const results = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      await sleepUntil(startAt + i * 5);
      return (await store.acquireLease(`claim:${i}`, name, 60_000)) ? i : -1;
    }),
  );
  return results.filter((i) => i >= 0);
}

async function increments(): Promise<number> {
  await sleepUntil(startAt);
  await Promise.all(Array.from({ length: 200 }, () => store.increment("counter")));
  return 200;
}

async function casWriters(): Promise<number> {
  await sleepUntil(startAt);
  await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      update<string[]>(store, "shared", (list) => [...(list ?? []), `${name}:${i}`]),
    ),
  );
  return 100;
}

/** Takes a short lease, stalls past its expiry (as a paused process would), then tries its fenced write. */
async function staleHolder(): Promise<{ token: number; wrote: boolean }> {
  const lease = await store.acquireLease("space:1", name, 300);
  if (!lease) throw new Error("no lease");
  process.stdout.write(`${JSON.stringify({ acquired: lease.token })}\n`);
  await sleepUntil(startAt);
  return { token: lease.token, wrote: await store.setFenced("post:1", name, lease) };
}

const tasks: Record<string, () => Promise<unknown>> = { claims, increments, casWriters, staleHolder };
const run = tasks[task];
if (!run) throw new Error(`unknown task ${task}`);
const result = await run();
process.stdout.write(`${JSON.stringify({ result })}\n`);
await store.close();
