import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/store/memory.ts";
import type { Store } from "../../src/store/port.ts";
import { createSqliteStore } from "../../src/store/sqlite.ts";

const dir = mkdtempSync(join(tmpdir(), "quickmeet-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const backends: [string, () => Store][] = [
  ["memory", () => createMemoryStore()],
  ["SQLite file", () => createSqliteStore(join(dir, `${Math.random().toString(36).slice(2)}.sqlite`))],
];

describe.each(backends)("the %s store", (_name, make) => {
  it("stores, reads and deletes JSON records", async () => {
    const store = make();
    await store.set("a", { n: 1, list: ["x"], nested: { ok: true } });
    expect(await store.get("a")).toEqual({ n: 1, list: ["x"], nested: { ok: true } });
    expect(await store.getMany(["a", "missing"])).toEqual([{ n: 1, list: ["x"], nested: { ok: true } }, undefined]);
    await store.delete("a");
    expect(await store.get("a")).toBeUndefined();
    await store.close();
  });

  it("hands out copies: mutating a value read or written does not change what is stored", async () => {
    const store = make();
    const written = { list: [1] };
    await store.set("v", written);
    written.list.push(2);
    const read = await store.get<{ list: number[] }>("v");
    read?.list.push(3);
    expect(await store.get("v")).toEqual({ list: [1] });
    await store.close();
  });

  it("lets exactly one of many concurrent setIfAbsent calls win", async () => {
    const store = make();
    const wins = await Promise.all(Array.from({ length: 50 }, (_, i) => store.setIfAbsent("once", i)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    await store.close();
  });

  it("loses no increment under concurrency", async () => {
    const store = make();
    await Promise.all(Array.from({ length: 100 }, () => store.increment("count")));
    expect(await store.get("count")).toBe(100);
    await store.close();
  });

  it("serialises read-modify-write under withLock so no update is lost", async () => {
    const store = make();
    await store.set("list", []);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.withLock("list", async () => {
          const list = (await store.get<number[]>("list")) ?? [];
          await store.set("list", [...list, i]);
        }),
      ),
    );
    expect((await store.get<number[]>("list"))?.length).toBe(40);
    await store.close();
  });

  it("expires values written with a TTL", async () => {
    const store = make();
    await store.set("short", 1, 30);
    await new Promise((r) => setTimeout(r, 60));
    expect(await store.get("short")).toBeUndefined();
    expect(await store.setIfAbsent("short", 2)).toBe(true);
    await store.close();
  });

  it("lists live keys by prefix, taking _ and % literally", async () => {
    const store = make();
    await store.set("msgs:s_1:1:g1:u1", 1);
    await store.set("msgs:s_1:1:g1:u2", 2);
    await store.set("msgs:sx1:1:g1:u3", 3);
    await store.set("msgs:s_1:gone", 4, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await store.keysWithPrefix("msgs:s_1:")).sort()).toEqual(["msgs:s_1:1:g1:u1", "msgs:s_1:1:g1:u2"]);
    await store.close();
  });

  it("purges expired rows on request (they are gone from the backend, not only hidden)", async () => {
    const store = make();
    for (let i = 0; i < 5; i++) await store.set(`seen:x:${i}`, i, 1);
    await store.set("kept", 1, 60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.purgeExpired()).toBe(5);
    expect(await store.purgeExpired()).toBe(0);
    expect(await store.get("kept")).toBe(1);
    await store.compact();
    expect(await store.get("kept")).toBe(1);
    await store.close();
  });

  it("keeps an append-only stream in order across pages, and rewrites it", async () => {
    const store = make();
    const records = Array.from({ length: 2_500 }, (_, i) => ({ i }));
    await store.append("events", records.slice(0, 1_200));
    await Promise.all([
      store.append("events", records.slice(1_200, 2_000)),
      store.append("events", records.slice(2_000)),
    ]);
    const read = await store.read<{ i: number }>("events");
    expect(read).toHaveLength(2_500);
    expect(new Set(read.map((r) => r.i)).size).toBe(2_500);
    expect(read.slice(0, 1_200).map((r) => r.i)).toEqual(records.slice(0, 1_200).map((r) => r.i));
    await store.rewrite<{ i: number }>("events", (r) => ({ i: r.i * 2 }));
    expect((await store.read<{ i: number }>("events"))[3]).toEqual({ i: 6 });
    expect(await store.read("empty")).toEqual([]);
    await store.close();
  });
});

describe("the SQLite store", () => {
  it("keeps data across a reopen of the same file", async () => {
    const file = join(dir, "durable.sqlite");
    const first = createSqliteStore(file);
    await first.set("k", { kept: true });
    await first.append("s", [1, 2]);
    await first.close();
    const second = createSqliteStore(file);
    expect(await second.get("k")).toEqual({ kept: true });
    expect(await second.read("s")).toEqual([1, 2]);
    await second.close();
  });
});

describe("stream reads after appends and rewrites", () => {
  it.each(backends)(
    "%s: reads see every append and every rewrite, in order, across many reads",
    async (_name, make) => {
      const store = make();
      const expected: number[] = [];
      for (let batch = 0; batch < 30; batch++) {
        const records = Array.from({ length: 37 }, (_, i) => batch * 37 + i);
        await store.append(
          "s",
          records.map((n) => ({ n })),
        );
        expected.push(...records);
        expect((await store.read<{ n: number }>("s")).map((r) => r.n)).toEqual(expected);
      }
      await store.rewrite<{ n: number }>("s", (r) => ({ n: r.n + 100_000 }));
      expect((await store.read<{ n: number }>("s")).map((r) => r.n)).toEqual(expected.map((n) => n + 100_000));
      await store.append("s", [{ n: 99_999 }]);
      expect((await store.read<{ n: number }>("s")).at(-1)).toEqual({ n: 99_999 });
      await store.close();
    },
  );
});
