import { afterEach, describe, expect, it } from "vitest";
import { buttonIds } from "../emulators/slack/driver.ts";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";
import type { EmuMessage } from "../emulators/slack/types.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const linkOf = (message: EmuMessage | undefined) =>
  ((message?.blocks ?? []) as Array<{ type: string; elements?: Array<{ url?: string; text?: { text?: string } }> }>)
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.url);

describe("video links and five more minutes on Slack", () => {
  it("puts each group DM's video room on its intro, and extends the group DM whose members all click Extend", async () => {
    h = await createSlackHarness({ mode: "http", members: 4 });
    const { emu, driver, members, organizer, channelId } = h;
    // As Slack sends it with escaping on: the typed link wrapped in <…>.
    await h.command(organizer, "config video_link:<https://meet.jit.si/{community}-{session}-{group}>");
    await h.settle();
    expect(emu.ephemeralsFor(organizer).at(-1)?.text).toContain("Intros now carry each group's video link");

    await h.command(organizer, "start rounds:2 minutes:3 lobby_minutes:1 break_seconds:30");
    const lobby = emu.messagesIn(channelId).at(-1)!;
    for (const m of members) await driver.click(m, lobby, actionOn(lobby, "qm:join:"));
    await h.advance(1 * MIN);
    const rooms = emu.mpims();
    expect(rooms).toHaveLength(2);
    const links = rooms.map((r) => linkOf(emu.messagesIn(r.id)[0]));
    for (const link of links) {
      expect(link?.text?.text).toBe("Join the video room");
      expect(link?.url).toMatch(/^https:\/\/meet\.jit\.si\/[a-z0-9-]+-[0-9a-f]{20}-r1g[12]$/);
    }
    expect(new Set(links.map((l) => l?.url)).size).toBe(2);
    // Slack reports a click on a link button too: acknowledged in time, nothing said.
    const [mine, other] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];
    const intro = emu.messagesIn(mine.id)[0]!;
    const [a, b] = mine.members.filter((u) => u !== emu.botUserId) as [string, string];
    const before = emu.ephemeralsFor(a).length;
    const video = await driver.click(a, intro, actionOn(intro, "qm:vid:"));
    await h.settle();
    expect(video.late).toBe(false);
    expect(emu.ephemeralsFor(a)).toHaveLength(before);

    await h.advance(2 * MIN);
    const nudge = emu.messagesIn(mine.id).at(-1)!;
    expect(nudge.text).toContain("One minute left");
    const extend = actionOn(nudge, "qm:ext:");
    expect(buttonIds(emu.messagesIn(other.id).at(-1)!.blocks).some((id) => id.startsWith("qm:ext:"))).toBe(true);
    await driver.click(a, nudge, extend);
    await h.settle();
    expect(shownText(emu.messagesIn(mine.id).at(-1)!)).toContain(`<@${a}> would like five more minutes`);
    await driver.click(b, nudge, extend);
    await h.settle();
    expect(shownText(emu.messagesIn(mine.id).at(-1)!)).toContain("Five more minutes: round 1 now ends for you at");

    await h.advance(1 * MIN);
    expect(emu.messagesIn(other.id).at(-1)?.text).toContain("Round 1: time's up");
    expect(emu.messagesIn(mine.id).at(-1)?.text).not.toContain("time's up");
    // Messages in the five more minutes count, also past the round's end plus its one-minute grace.
    await h.advance(2 * MIN);
    for (const m of [a, b]) await driver.userPosts(m, mine.id, "one more thing");
    await h.advance(3 * MIN);
    expect(emu.messagesIn(mine.id).at(-1)?.text).toContain("Round 1: time's up");
    const groupDms = emu.mpims().length;
    await h.advance(30_000);
    // Round 2 started after the extended group: everyone regrouped, each with a room of round 2.
    const round2 = emu.mpims().filter((r) => emu.messagesIn(r.id).some((m) => m.text.includes("Round 2 of 2")));
    expect(round2.flatMap((r) => r.members.filter((u) => u !== emu.botUserId)).sort()).toEqual([...members].sort());
    expect(emu.mpims().length).toBeGreaterThanOrEqual(groupDms);
    for (const r of round2) {
      const intro2 = emu.messagesIn(r.id).find((m) => m.text.includes("Round 2 of 2"));
      expect(linkOf(intro2)?.url).toMatch(/-r2g[12]$/);
    }
    // The summary counts the extended group once, with the messages of its five more minutes: it talked.
    await h.advance(3 * MIN + 3 * MIN);
    const summary = emu.privateMessagesOf(organizer).find((m) => m.text.includes("Quick Meet summary"));
    expect(summary && shownText(summary)).toMatch(/Conversations that happened\W+1 of 4/);
    expect(summary && shownText(summary)).toMatch(/Rounds held\W+2/);
    expect(driver.acks.filter((x) => x.late)).toEqual([]);
  });
});
