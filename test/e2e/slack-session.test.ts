import { afterEach, describe, expect, it } from "vitest";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const pairsOf = (groups: string[][]) =>
  groups.flatMap((g) => g.flatMap((a, i) => g.slice(i + 1).map((b) => [a, b].sort().join("+"))));

describe.each(["http", "socket"] as const)("a whole Quick Meet on Slack (%s)", (mode) => {
  it("runs 2 rounds for 7 members in group DMs: trio, intros, nudge, feedback and a mutual connection", async () => {
    h = await createSlackHarness({ mode, members: 7 });
    const { emu, driver, members, organizer, channelId } = h;

    const started = await h.command(organizer, "start rounds:2 minutes:3 lobby_minutes:1 break_seconds:30");
    expect(started.late).toBe(false);
    const lobby = emu.messagesIn(channelId).at(-1);
    expect(lobby && shownText(lobby)).toContain("Quick Meet");
    const join = actionOn(lobby, "qm:join:");
    for (const m of members) {
      const click = await driver.click(m, lobby!, join);
      expect(click.late).toBe(false);
    }
    await h.settle();
    for (const m of members) expect(emu.ephemeralsFor(m).some((e) => e.text.includes("You're in"))).toBe(true);

    const seenPairs: string[] = [];
    const mpimsBefore = new Set<string>();
    for (let round = 1; round <= 2; round++) {
      await h.advance(round === 1 ? 1 * MIN : 30_000);
      const rooms = emu.mpims().filter((c) => !mpimsBefore.has(c.id));
      for (const c of rooms) mpimsBefore.add(c.id);
      const groups = rooms.map((c) => c.members.filter((u) => u !== emu.botUserId));
      expect(groups.map((g) => g.length).sort()).toEqual([2, 2, 3]);
      expect(groups.flat().sort()).toEqual([...members].sort());
      seenPairs.push(...pairsOf(groups));
      for (const room of rooms) {
        const intro = emu.messagesIn(room.id)[0]!;
        expect(intro.text).toContain(`Round ${round} of 2`);
        for (const m of room.members.filter((u) => u !== emu.botUserId)) expect(shownText(intro)).toContain(`<@${m}>`);
        // Members talk; the bot counts who wrote, never what.
        for (const m of room.members.filter((u) => u !== emu.botUserId)) await driver.userPosts(m, room.id, "hi there");
      }
      await h.advance(2 * MIN);
      for (const room of rooms) expect(emu.messagesIn(room.id).at(-1)?.text).toContain("One minute left");
      await h.advance(1 * MIN);
      for (const room of rooms) expect(emu.messagesIn(room.id).at(-1)?.text).toContain(`Round ${round}: time's up`);

      if (round === 1) {
        const pairRoom = rooms.find((c) => c.members.length === 3)!;
        const [a, b] = pairRoom.members.filter((u) => u !== emu.botUserId) as [string, string];
        const closing = emu.messagesIn(pairRoom.id).at(-1)!;
        await driver.click(a, closing, actionOn(closing, "qm:fb:", ":great"));
        await driver.click(a, closing, actionOn(closing, "qm:sit:", ":y"));
        await h.settle();
        expect(emu.privateMessagesOf(a).some((m) => m.text.includes("You made a connection"))).toBe(false);
        await driver.click(b, closing, actionOn(closing, "qm:sit:", ":y"));
        await h.settle();
        for (const [me, other] of [
          [a, b],
          [b, a],
        ] as const) {
          const news = emu.privateMessagesOf(me).find((m) => m.text.includes("You made a connection"));
          expect(news && shownText(news)).toContain(`<@${other}>`);
        }
        expect(emu.ephemeralsFor(a).some((m) => m.text.toLowerCase().includes("thank"))).toBe(true);
      }
    }
    expect(new Set(seenPairs).size).toBe(seenPairs.length);
    // The core sends the organizer's summary a few minutes after the end, once late feedback is in.
    await h.advance(3 * MIN);
    expect(emu.privateMessagesOf(organizer).some((m) => m.text.includes("Quick Meet summary"))).toBe(true);
    expect(driver.acks.filter((a) => a.late)).toEqual([]);
  });
});
