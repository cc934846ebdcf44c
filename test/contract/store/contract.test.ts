import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { update } from "../../../src/store/port.ts";
import { createSqliteStore } from "../../../src/store/sqlite.ts";
import { backends, cleanUp, tempDir as dir, pgRequired, pgUrl } from "./backends.ts";

afterAll(cleanUp);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the PostgreSQL backend", () => {
  it.runIf(pgRequired)("is available in CI (QUICKMEET_TEST_PG_URL, set by scripts/with-postgres.sh)", () => {
    expect(pgUrl, "QUICKMEET_TEST_PG_URL").toBeTruthy();
  });
});

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

  it("hands out a new version on every write; compare-and-set succeeds only on the version read", async () => {
    const store = make();
    expect(await store.getVersioned("rec")).toBeUndefined();
    const created = await store.compareAndSet("rec", undefined, { n: 1 });
    expect(created).toBeDefined();
    expect(await store.compareAndSet("rec", undefined, { n: 99 })).toBeUndefined();
    const read = await store.getVersioned<{ n: number }>("rec");
    expect(read?.value).toEqual({ n: 1 });
    const version = read?.version;
    expect(await store.compareAndSet("rec", version, { n: 2 })).toBeDefined();
    expect(await store.compareAndSet("rec", version, { n: 3 })).toBeUndefined();
    expect(await store.get("rec")).toEqual({ n: 2 });
    // A plain write, or a delete and re-create, also moves the version on (no ABA).
    const before = (await store.getVersioned("rec"))?.version;
    await store.delete("rec");
    await store.set("rec", { n: 2 });
    expect(await store.compareAndSet("rec", before, { n: 4 })).toBeUndefined();
    await store.close();
  });

  it("loses no update when many writers update() one record at once", async () => {
    const store = make();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => update<number[]>(store, "list", (list) => [...(list ?? []), i])),
    );
    expect((await store.get<number[]>("list"))?.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await store.close();
  });

  it("grants a lease to one holder at a time, with a larger fencing token per grant", async () => {
    const store = make();
    const claims = await Promise.all(["a", "b", "c", "d"].map((h) => store.acquireLease("job:1", h, 5_000)));
    const granted = claims.filter((c) => c !== undefined);
    expect(granted).toHaveLength(1);
    const first = granted[0];
    if (!first) throw new Error("no grant");
    const other = first.holder === "a" ? "b" : "a";
    expect(await store.acquireLease("job:1", other, 5_000)).toBeUndefined();
    expect(await store.renewLease(first, 5_000)).toBeDefined();
    // Only the holder, under its token, may release it.
    expect(await store.releaseLease({ ...first, holder: other })).toBe(false);
    expect(await store.releaseLease({ ...first, token: first.token + 1000 })).toBe(false);
    expect(await store.releaseLease(first)).toBe(true);
    const second = await store.acquireLease("job:1", other, 5_000);
    expect(second?.token).toBeGreaterThan(first.token);
    expect(await store.renewLease(first, 5_000)).toBeUndefined();
    await store.close();
  });

  it("refuses a stale lease holder's fenced write once the lease expired and went to another", async () => {
    const store = make();
    const stale = await store.acquireLease("space:1", "old", 40);
    if (!stale) throw new Error("no grant");
    expect(await store.setFenced("post:1", "old", stale)).toBe(true);
    await sleep(80);
    expect(await store.setFenced("post:1", "expired", stale)).toBe(false);
    const fresh = await store.acquireLease("space:1", "new", 5_000);
    if (!fresh) throw new Error("no grant after expiry");
    expect(fresh.token).toBeGreaterThan(stale.token);
    expect(await store.renewLease(stale, 5_000)).toBeUndefined();
    expect(await store.setFenced("post:1", "stale", stale)).toBe(false);
    expect(await store.setFenced("post:1", "new", fresh)).toBe(true);
    expect(await store.get("post:1")).toBe("new");
    await store.close();
  });

  it("keeps set members as rows: atomic add/remove, insertion order, per-member data", async () => {
    const store = make();
    const adds = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.addToSet("participants:s1", [`u${i % 10}`], { [`u${i % 10}`]: `Name ${i % 10}` }),
      ),
    );
    expect(adds.flat().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `u${i}`).sort());
    expect(await store.setSize("participants:s1")).toBe(10);
    expect(await store.isMember("participants:s1", "u3")).toBe(true);
    expect(await store.removeFromSet("participants:s1", ["u3", "nobody"])).toEqual(["u3"]);
    expect(await store.removeFromSet("participants:s1", ["u3"])).toEqual([]);
    expect(await store.isMember("participants:s1", "u3")).toBe(false);
    await store.addToSet("ordered", ["z", "a", "m"], { a: { name: "A" } });
    await store.addToSet("ordered", ["b", "a"]);
    expect(await store.setMembers("ordered")).toEqual(["z", "a", "m", "b"]);
    expect(await store.setEntries("ordered")).toEqual([
      { member: "z", data: undefined },
      { member: "a", data: { name: "A" } },
      { member: "m", data: undefined },
      { member: "b", data: undefined },
    ]);
    // A set whose name extends another's is a different set.
    await store.addToSet("ordered:2", ["q"]);
    expect(await store.setSize("ordered")).toBe(4);
    await store.deleteSet("ordered");
    expect(await store.setMembers("ordered")).toEqual([]);
    expect(await store.setMembers("ordered:2")).toEqual(["q"]);
    await store.close();
  });

  it("reads a stream by time range", async () => {
    const store = make();
    await store.append(
      "ev",
      Array.from({ length: 10 }, (_, i) => ({ at: i * 100, i })),
    );
    expect((await store.read<{ i: number }>("ev", { since: 300, until: 600 })).map((r) => r.i)).toEqual([3, 4, 5]);
    expect((await store.read<{ i: number }>("ev", { since: 800 })).map((r) => r.i)).toEqual([8, 9]);
    await store.close();
  });

  it("locks across concurrent callers with withLock", async () => {
    const store = make();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.withLock("one", async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(2);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
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
