import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORGANIZER_ID } from "../../../adapters/sandbox/index.ts";
import type { WorldSpace } from "../../../adapters/sandbox/world.ts";
import { privateTexts, type SandboxFixture, startSandbox } from "./sandbox-fixture.ts";

/** A running round of 12 simulated members in six pairs; every test reads it through the HTTP API. */
describe("sandbox API: each viewer sees only what they may", () => {
  let f: SandboxFixture;
  let mine: WorldSpace;
  let theirs: WorldSpace;
  const me = "UAMARA";

  beforeAll(async () => {
    f = await startSandbox();
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:2 minutes:2 lobby_minutes:1");
    expect((await f.fastForward()).moved).toBe(true);
    const spaces = [...f.world.spaces.values()];
    expect(spaces.length).toBe(6);
    mine = spaces.find((s) => s.members.includes(me))!;
    theirs = spaces.find((s) => !s.members.includes(me))!;
  });
  afterAll(() => f.stop());

  it("lists a member's own group space and no other", async () => {
    const state = await f.state(me);
    expect(state.spaces.map((s) => s.id)).toEqual([mine.id]);
    expect(state.spaces[0]?.members).toContain(me);
    expect(state.spaces[0]?.messages[0]?.title).toMatch(/Round 1 of 2/);
  });

  it("shows the organizer no group space when the organizer did not join", async () => {
    expect((await f.state(ORGANIZER_ID)).spaces).toEqual([]);
  });

  it("refuses another group's space with the same 404 as a space that does not exist", async () => {
    const other = await f.get(`/api/spaces/${theirs.id}`, me);
    const missing = await f.get("/api/spaces/G999999", me);
    expect(other.status).toBe(404);
    expect(missing).toEqual(other);
    expect((await f.get(`/api/spaces/${theirs.id}`, theirs.members[0]!)).status).toBe(200);
    expect((await f.get(`/api/spaces/${mine.id}`, me)).status).toBe(200);
  });

  it("refuses writing in another group's space, and counts nothing", async () => {
    const before = theirs.messages.length;
    const res = await f.post(`/api/spaces/${theirs.id}/messages`, me, { text: "let me in" });
    expect(res.status).toBe(404);
    expect(theirs.messages).toHaveLength(before);
  });

  it("refuses clicking a button on a message the member cannot see", async () => {
    const intro = theirs.messages[0]!;
    const join = f.world.channels.get("C0GENERAL")!.messages[0]!.message.buttons![0]![0]!.actionId;
    expect((await f.post("/api/action", me, { messageId: intro.id, actionId: join })).status).toBe(404);
  });

  it("refuses an action id the message does not carry (no forged buttons)", async () => {
    const lobby = f.world.channels.get("C0GENERAL")!.messages[0]!;
    const res = await f.post("/api/action", me, { messageId: lobby.id, actionId: "qm:fb:x:1:g:great" });
    expect(res.status).toBe(400);
  });

  it("keeps private messages private", async () => {
    await f.command(me, "/quickmeet status");
    const partner = mine.members.find((m) => m !== me)!;
    expect(privateTexts(await f.state(me)).at(-1)).toMatch(/Round 1 of 2/);
    const last = (await f.state(me)).private.at(-1)!;
    expect(last.ephemeral).toBe(true);
    for (const other of [partner, ORGANIZER_ID]) {
      expect((await f.state(other)).private.map((m) => m.id)).not.toContain(last.id);
    }
  });

  it("lets a member write in their own space, and the core counts it", async () => {
    const res = await f.post(`/api/spaces/${mine.id}/messages`, me, { text: "Hello from the test" });
    expect(res.status).toBe(200);
    const shown = (await f.state(me)).spaces[0]!.messages.at(-1)!;
    expect(shown.text).toBe("Hello from the test");
    expect(shown.author).toBe(me);
  });

  it("rejects unknown viewers", async () => {
    expect((await f.get("/api/state", "UNOBODY")).status).toBe(400);
    expect((await f.post("/api/command", "UNOBODY", { text: "/quickmeet status" })).status).toBe(400);
  });
});
