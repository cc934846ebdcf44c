import { afterEach, describe, expect, it } from "vitest";
import { ORGANIZER_ID } from "../../../adapters/sandbox/index.ts";
import type { MessageView } from "../../../adapters/sandbox/view.ts";
import { type SandboxFixture, startSandbox } from "./sandbox-fixture.ts";

const ME = "UAMARA";
const button = (m: MessageView | undefined, prefix: string) =>
  m?.buttons.flat().find((b) => b.actionId.startsWith(prefix));

/** The sandbox through its page's HTTP API, acting as a member while the simulated members play along. */
describe("video links and five more minutes in the sandbox", () => {
  let f: SandboxFixture | undefined;
  let viewer: AbortController | undefined;
  afterEach(async () => {
    viewer?.abort();
    await f?.stop();
    f = undefined;
  });

  it("shows the group's video room on the intro, and extends my group when my simulated partner agrees", async () => {
    f = await startSandbox();
    // An open page as ME: autoplay leaves ME alone, so only this test clicks for ME.
    viewer = new AbortController();
    const events = await fetch(f.url(`/api/events?as=${ME}`), { signal: viewer.signal });
    await events.body!.getReader().read();
    await f.command(ORGANIZER_ID, "/quickmeet config video_link:https://meet.jit.si/{community}-{session}-{group}");
    await f.command(ORGANIZER_ID, "/quickmeet start rounds:2 minutes:3 lobby_minutes:1 break_seconds:30");
    const lobby = (await f.state(ME)).channel.messages.at(-1)!;
    await f.post("/api/action", ME, { messageId: lobby.id, actionId: button(lobby, "qm:join:")!.actionId });
    await f.settle();

    await f.fastForward(); // the lobby closes: round 1
    const mine = () => f!.state(ME).then((s) => s.spaces.find((x) => !x.closed && x.title.includes("round 1"))!);
    const intro = (await mine()).messages[0]!;
    const room = intro.buttons.flat().find((b) => b.url);
    expect(room?.label).toBe("Join the video room");
    expect(room?.url).toMatch(/^https:\/\/meet\.jit\.si\/t0sandbox-[0-9a-f]{20}-r1g\d+$/);

    await f.fastForward(); // the one-minute nudge
    const nudge = (await mine()).messages.find((m) => m.text.includes("One minute left"))!;
    const extend = button(nudge, "qm:ext:")!;
    const clicked = await f.post("/api/action", ME, { messageId: nudge.id, actionId: extend.actionId });
    expect(clicked.status).toBe(200);
    await f.settle();
    const texts = (await mine()).messages.map((m) => m.text);
    expect(texts.some((t) => t.startsWith(`<@${ME}> would like five more minutes`))).toBe(true);
    expect(texts.at(-1)).toMatch(/Five more minutes: round 1 now ends for you at/);

    await f.fastForward(); // the round's end: every other space closes, mine goes on
    const state = await f.state(ME);
    const others = [...f.world.spaces.values()].filter((s) => !s.members.includes(ME));
    expect(others.every((s) => s.messages.some((m) => m.message.title === "Round 1: time's up"))).toBe(true);
    expect((await mine()).messages.some((m) => m.title === "Round 1: time's up")).toBe(false);
    expect(state.spaces.some((s) => s.title.includes("round 2"))).toBe(false);

    await f.fastForward(); // the end of the five more minutes
    const closed = [...f.world.spaces.values()].find((s) => s.members.includes(ME))!;
    expect(closed.messages.some((m) => m.message.title === "Round 1: time's up")).toBe(true);
    await f.fastForward(); // the break: round 2, me included
    expect([...f.world.spaces.values()].filter((s) => s.title.includes("round 2")).length).toBeGreaterThan(0);
    expect((await f.state(ME)).spaces.some((s) => s.title.includes("round 2"))).toBe(true);
  });
});
