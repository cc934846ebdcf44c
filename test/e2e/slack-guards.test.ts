import { afterEach, describe, expect, it } from "vitest";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";
import { ALL_SCOPES } from "../emulators/slack/index.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("Slack request verification (HTTP)", () => {
  it.each(["forged", "stale", "missing"] as const)(
    "rejects a %s signature with 401 and does nothing",
    async (signature) => {
      h = await createSlackHarness({ mode: "http" });
      const before = h.emu.requests().length;
      const delivery = await h.driver.slashCommand(h.organizer, h.channelId, "start", { signature });
      await h.settle();
      expect(delivery.status).toBe(401);
      expect(h.emu.messagesIn(h.channelId, { ephemeral: true })).toEqual([]);
      expect(h.emu.requests().slice(before)).toEqual([]);
    },
  );
});

describe.each(["http", "socket"] as const)("Slack guards (%s)", (mode) => {
  it("runs a retried slash command and a retried click only once", async () => {
    h = await createSlackHarness({ mode });
    const first = await h.driver.slashCommand(h.organizer, h.channelId, "start lobby_minutes:1");
    // Slack retries with the same payload while the first delivery may still be in progress.
    await h.driver.redeliver(first.sent, 1);
    await h.settle();
    await h.driver.redeliver(first.sent, 2);
    await h.settle();
    const lobbies = h.emu.messagesIn(h.channelId).filter((m) => m.text.includes("Quick Meet"));
    expect(lobbies).toHaveLength(1);

    const member = h.members[0]!;
    const click = await h.driver.click(member, lobbies[0]!, actionOn(lobbies[0], "qm:join:"));
    await h.driver.redeliver(click.sent, 1);
    await h.settle();
    const replies = h.emu.ephemeralsFor(member);
    expect(replies.filter((m) => m.text.includes("You're in"))).toHaveLength(1);
    expect(replies.filter((m) => m.text.includes("already"))).toHaveLength(0);
  });

  it("refuses /quickmeet start from a member who is not an organizer", async () => {
    h = await createSlackHarness({ mode });
    const member = h.members[0]!;
    const delivery = await h.command(member, "start");
    expect(delivery.late).toBe(false);
    expect(h.emu.messagesIn(h.channelId)).toEqual([]);
    const reply = h.emu.ephemeralsFor(member).at(-1);
    expect(reply && shownText(reply).toLowerCase()).toContain("organizer");
  });

  it("reports a missing scope to the organizer, naming it", async () => {
    h = await createSlackHarness({ mode, scopes: ALL_SCOPES.filter((s) => s !== "mpim:write") });
    await h.command(h.organizer, "start");
    expect(h.emu.messagesIn(h.channelId)).toEqual([]);
    const reply = h.emu.ephemeralsFor(h.organizer).at(-1);
    expect(reply && shownText(reply)).toContain("mpim:write");
  });

  it("retries a rate-limited conversations.open and loses no group", async () => {
    h = await createSlackHarness({
      mode,
      members: 7,
      // A strict bucket and no client pacing: the third group DM of the round is answered 429 + Retry-After.
      rateLimits: { overrides: { "conversations.open": { perMinute: 120, burst: 2 } } },
      pacing: { enabled: false },
    });
    await h.command(h.organizer, "start rounds:1 minutes:3 lobby_minutes:1");
    const lobby = h.emu.messagesIn(h.channelId).at(-1)!;
    for (const m of h.members) await h.driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await h.settle();
    await h.advance(1 * MIN);
    expect(h.emu.count429("conversations.open")).toBeGreaterThan(0);
    const rooms = h.emu.mpims();
    expect(rooms).toHaveLength(3);
    expect(rooms.flatMap((c) => c.members.filter((u) => u !== h!.emu.botUserId)).sort()).toEqual([...h.members].sort());
    for (const room of rooms) expect(h.emu.messagesIn(room.id)[0]?.text).toContain("Round 1 of 1");
  });
});

describe("Slack Socket Mode connection refresh", () => {
  it("reconnects when Slack asks it to and keeps serving commands", async () => {
    h = await createSlackHarness({ mode: "socket" });
    expect(h.emu.requestSocketReconnect()).toBe(1);
    // @slack/socket-mode waits clientPingTimeout (5 s by default) before it reconnects.
    for (let i = 0; i < 480 && h.emu.socketConnections < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(h.emu.socketConnections).toBe(2);
    await h.emu.waitForSocket();
    const delivery = await h.command(h.members[0]!, "help");
    expect(delivery.late).toBe(false);
    expect(h.emu.ephemeralsFor(h.members[0]!).at(-1)?.text).toContain("/quickmeet start");
  });
});
