import { afterAll, describe, expect, it } from "vitest";
import { CommunityRepo } from "../../../src/community/repo.ts";
import { DEFAULTS } from "../../../src/config.ts";
import { SessionRepo } from "../../../src/session/repo.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import type { Store } from "../../../src/store/port.ts";
import { createPostgresStore } from "../../../src/store/postgres.ts";
import { cleanUp, freshSchema, pgUrl } from "../../contract/store/backends.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";

afterAll(cleanUp);

/** Two writers on one store: one store object (memory), or two pools on one PostgreSQL schema (as two processes). */
const pairs: [string, () => [Store, Store]][] = [
  [
    "memory",
    () => {
      const store = createMemoryStore();
      return [store, store];
    },
  ],
  ...(pgUrl
    ? ([
        [
          "PostgreSQL",
          () => {
            const schema = freshSchema();
            const url = pgUrl ?? "";
            return [createPostgresStore(url, { schema }), createPostgresStore(url, { schema })];
          },
        ],
      ] as [string, () => [Store, Store]][])
    : []),
];

describe.each(pairs)("shared records written at once by two writers (%s)", (_name, make) => {
  it("settings edits and member states: every concurrent change is kept (compare-and-set, no lost update)", async () => {
    const stores = make();
    const repos = stores.map((s) => new CommunityRepo(s, new ManualClock(), DEFAULTS.session));
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        repos[i % 2]!.updateSettings("fake", "c1", (s) => ({
          ...s,
          organizerUserIds: [...s.organizerUserIds, `o${i}`],
        })),
      ),
    );
    expect((await repos[0]!.settings("fake", "c1")).organizerUserIds).toHaveLength(30);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => repos[i % 2]!.rememberQuestion("fake", "c1", ["m1"], `q${i}`)),
    );
    expect((await repos[1]!.memberState("fake", "c1", "m1")).askedQuestions).toHaveLength(20);
    for (const s of new Set(stores)) await s.close();
  }, 30_000);

  it("the index of active sessions keeps every session marked at once", async () => {
    const stores = make();
    const repos = stores.map((s) => new SessionRepo(s));
    await Promise.all(Array.from({ length: 30 }, (_, i) => repos[i % 2]!.setActive(`s${i}`, true)));
    await Promise.all(Array.from({ length: 10 }, (_, i) => repos[i % 2]!.setActive(`s${i}`, false)));
    expect((await repos[0]!.activeIds()).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `s${i + 10}`).sort());
    for (const s of new Set(stores)) await s.close();
  }, 30_000);
});
