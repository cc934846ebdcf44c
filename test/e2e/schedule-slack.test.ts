import { afterEach, describe, expect, it } from "vitest";
import { ScheduleRepo } from "../../src/schedule/repo.ts";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

const DAY = 86_400_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("a scheduled async Quick Meet on Slack", () => {
  it("opens a group DM per pair at the slot, posts the intros, then the check-in and 'did you meet?'", async () => {
    h = await createSlackHarness({ mode: "http", members: 4 });
    const { emu, driver, members, organizer, channelId, bot } = h;

    await h.command(
      organizer,
      'schedule action:create cadence:"every monday 10:00" timezone:America/New_York kind:async days:6 heads_up_hours:2',
    );
    expect(emu.ephemeralsFor(organizer).some((m) => m.text.includes("Schedule created"))).toBe(true);
    for (const m of members) await h.command(m, "opt action:in");
    for (const m of members)
      expect(emu.ephemeralsFor(m).some((e) => e.text.includes("You're in the Quick Meet pool"))).toBe(true);

    const [schedule] = await new ScheduleRepo(bot.engine.store).all();
    const slot = schedule!.nextAt!;
    // The heads-up, two hours before, in the channel: one member skips this one.
    await h.advance(slot - 2 * 3_600_000 - h.clock.now());
    const headsUp = emu.messagesIn(channelId).at(-1)!;
    expect(shownText(headsUp)).toContain("Heads-up");
    const skipper = members[3]!;
    await driver.click(skipper, headsUp, actionOn(headsUp, "qm:skip:"));
    await h.settle();

    await h.advance(2 * 3_600_000);
    const rooms = emu.mpims();
    const groups = rooms.map((c) => c.members.filter((u) => u !== emu.botUserId));
    expect(groups.flat().sort()).toEqual(members.slice(0, 3).sort());
    expect(groups.map((g) => g.length)).toEqual([3]);
    const intro = emu.messagesIn(rooms[0]!.id)[0]!;
    expect(shownText(intro)).toContain("this week's match");
    for (const m of groups[0]!) expect(shownText(intro)).toContain(`<@${m}>`);

    // Members talk in the group DM; the core counts it.
    await driver.userPosts(groups[0]![0]!, rooms[0]!.id, "Coffee on Thursday?");
    await h.settle();
    await h.advance(3 * DAY);
    const checkIn = emu.messagesIn(rooms[0]!.id).at(-1)!;
    expect(shownText(checkIn)).toContain("Have you met yet?");
    await h.advance(3 * DAY);
    const end = emu.messagesIn(rooms[0]!.id).at(-1)!;
    expect(shownText(end)).toContain("Did you meet?");
    await driver.click(groups[0]![0]!, end, actionOn(end, "qm:amet:", ":y"));
    await h.settle();
    expect(emu.ephemeralsFor(groups[0]![0]!).some((e) => e.text.includes("Noted that you met"))).toBe(true);

    const evts = await bot.engine.community.events("slack", emu.workspace.teamId);
    const ended = evts.find((e) => e.type === "async-group-ended");
    expect(ended && ended.type === "async-group-ended" && ended.counts[groups[0]![0]!]).toBe(1);
    expect(driver.acks.filter((a) => a.late)).toEqual([]);
  });
});
