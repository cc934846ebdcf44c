import { afterAll, describe, expect, it } from "vitest";
import type { Session } from "../../../src/domain/types.ts";
import type { ActionReply } from "../../../src/platform/inbound.ts";
import { SessionRepo } from "../../../src/session/repo.ts";
import { keys } from "../../../src/store/keys.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { createPostgresStore } from "../../../src/store/postgres.ts";
import { cleanUp, freshSchema, pgUrl } from "../../contract/store/backends.ts";
import { FakePlatform } from "../../fakes/fake-platform.ts";
import { createHarness, type Harness } from "../../fakes/harness.ts";

afterAll(cleanUp);

const replyText = (r: ActionReply) => r.privateMessage?.text ?? "";
const joinOf = (h: Harness) => h.lobby()!.message.buttons![0]![0]!.actionId;
const sessionIdOf = (h: Harness) => joinOf(h).split(":")[2] ?? "";

describe("a session's members are rows of their own", () => {
  it("a Join click adds a row and leaves the session record as it was; Leave removes the row", async () => {
    const h = createHarness();
    await h.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 5 }, true);
    const id = sessionIdOf(h);
    const before = await h.store.getVersioned<Session>(keys.session(id));
    for (const m of ["a", "b", "c"]) expect(replyText(await h.click(m, joinOf(h)))).toContain("You're in");
    expect(replyText(await h.click("b", joinOf(h)))).toContain("already in");
    // The record was not rewritten by the clicks (same version), and holds no member list.
    const after = await h.store.getVersioned<Record<string, unknown>>(keys.session(id));
    expect(after?.version).toBe(before?.version);
    expect(after?.value.participants).toBeUndefined();
    const repo = new SessionRepo(h.store);
    const session = await repo.get(id);
    expect(session?.participants).toEqual(["a", "b", "c"]);
    expect(session?.everJoined).toEqual(["a", "b", "c"]);
    expect(session?.names.b).toBe("Name b");
    await h.command("b", "leave");
    expect((await repo.get(id))?.participants).toEqual(["a", "c"]);
    expect((await repo.get(id))?.everJoined).toEqual(["a", "b", "c"]);
  });

  it("reads a session stored before members were rows, and moves its members to rows", async () => {
    const store = createMemoryStore();
    const legacy = {
      v: 1,
      id: "old",
      platform: "fake",
      communityId: "c",
      channelId: "ch",
      organizerId: "org",
      options: {},
      status: "lobby",
      createdAt: 0,
      lobbyEndsAt: 1,
      participants: ["a", "c"],
      everJoined: ["a", "b", "c"],
      names: { org: "Olive", a: "Ann", b: "Bo", c: "Cy" },
      currentRound: 0,
      seed: "old",
    };
    await store.set(keys.session("old"), legacy);
    const repo = new SessionRepo(store);
    const session = await repo.get("old");
    expect(session?.participants).toEqual(["a", "c"]);
    expect(session?.everJoined).toEqual(["a", "b", "c"]);
    expect(session?.names).toEqual({ org: "Olive", a: "Ann", b: "Bo", c: "Cy" });
    const stored = await store.get<Record<string, unknown>>(keys.session("old"));
    expect(stored?.participants).toBeUndefined();
    expect(stored?.names).toEqual({ org: "Olive" });
    expect(await repo.removeParticipant("old", "a")).toBe(true);
    expect((await repo.get("old"))?.participants).toEqual(["c"]);
  });
});

describe.skipIf(!pgUrl)("Join clicks on two bots sharing one PostgreSQL store", () => {
  it("loses no join: every member told 'You're in' is a participant, each told exactly once", async () => {
    const schema = freshSchema();
    const platform = new FakePlatform();
    const stores = [createPostgresStore(pgUrl ?? "", { schema }), createPostgresStore(pgUrl ?? "", { schema })];
    const [a, b] = stores.map((store) => createHarness({ store, platform }));
    if (!a || !b) throw new Error("two bots");
    await a.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 5 }, true);
    const join = joinOf(a);
    // 60 members, each clicking twice: once on each bot, at the same time.
    const members = Array.from({ length: 60 }, (_, i) => `m${i}`);
    const replies = await Promise.all(
      members.flatMap((m, i) => (i % 2 ? [a.click(m, join), b.click(m, join)] : [b.click(m, join), a.click(m, join)])),
    );
    const inReplies = replies.map(replyText).filter((t) => t.includes("You're in"));
    expect(inReplies).toHaveLength(60);
    const session = await new SessionRepo(stores[0]!).get(sessionIdOf(a));
    expect([...(session?.participants ?? [])].sort()).toEqual([...members].sort());
    const joined = (await a.bot.engine.community.events("fake", a.community)).filter((e) => e.type === "joined");
    expect(joined).toHaveLength(60);
    for (const store of stores) await store.close();
  }, 60_000);
});
