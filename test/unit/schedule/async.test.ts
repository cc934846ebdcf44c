import { describe, expect, it } from "vitest";
import type { FakeSpace } from "../../fakes/fake-platform.ts";
import type { Harness } from "../../fakes/harness.ts";
import { replyText } from "../../fakes/harness.ts";
import { createSchedule, DAY, events, optIn, scheduleHarness } from "./helpers.ts";

const START = "2026-11-25T10:00:00Z"; // Wednesday; the schedule runs Mondays at 10:00 UTC
const button = (space: FakeSpace, label: string) => {
  const b = space.messages.flatMap((m) => m.buttons?.flat() ?? []).find((x) => x.label === label);
  if (!b) throw new Error(`no "${label}" button in ${space.spaceId}`);
  return b.actionId;
};
/** Members of the spaces opened by the latest run. */
const pairedIn = (h: Harness, fromSpace: number) =>
  h.platform.spaces
    .slice(fromSpace)
    .flatMap((s) => s.members)
    .sort();

describe("an async meet", () => {
  it("goes from the intro to the mid-point check-in to 'did you meet?', and counts what happened", async () => {
    const h = scheduleHarness(START);
    await h.bot.start();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC", days: 6 });
    await optIn(h, ["a", "b", "c", "d"]);
    await h.advance(5 * DAY); // Monday 30 Nov, 10:00

    expect(h.platform.spaces).toHaveLength(2);
    const [space] = h.platform.spaces as [FakeSpace];
    expect(space.messages).toHaveLength(1);
    expect(space.messages[0]?.title).toBe("Quick Meet · this week's match");
    expect(space.messages[0]?.text).toContain("You have 6 days, until 2026-12-06 10:00 UTC");
    expect(space.messages[0]?.text).toContain("**Start here:**");
    const [x, y] = space.members as [string, string];
    for (const m of [x, y]) expect(space.messages[0]?.text).toContain(`<@${m}>`);
    const grouped = await events(h, "grouped");
    expect(grouped).toHaveLength(2);
    expect(grouped.every((e) => e.async === true)).toBe(true);

    // They talk: counted through the same space link as live rounds (numbers, never text).
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, x);
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, x);

    await h.advance(3 * DAY); // mid-point
    expect(space.messages[1]?.text).toContain("Halfway there! Have you met yet?");
    const planned = await h.click(y, button(space, "Not yet, it's planned"));
    expect(planned.privateMessage?.text).toContain("Enjoy it");
    const outsider = h.platform.spaces[1]!.members[0]!;
    expect((await h.click(outsider, button(space, "We've met"))).privateMessage?.text).toContain(
      "for the people in this Quick Meet",
    );

    await h.advance(3 * DAY); // the end
    expect(space.messages[2]?.title).toBe("Quick Meet: time's up");
    expect(space.messages[2]?.text).toContain("Did you meet?");
    // The space stays open two days for the answers (Discord disables buttons in a locked thread), then closes.
    expect(space.closed).toBe(false);
    expect((await h.click(x, button(space, "Yes, we met"))).privateMessage?.text).toContain("Noted that you met");
    expect((await h.click(x, button(space, "No, we didn't"))).privateMessage?.text).toContain("already told me");
    await h.click(x, button(space, "Stay in touch: yes"));
    // The second yes is answered with the connection; the first clicker hears it privately.
    const second = await h.click(y, button(space, "Stay in touch: yes"));
    expect(second.privateMessage?.text).toContain(`<@${x}>`);
    expect(h.platform.privateTexts(x).some((t) => t.includes("You made a connection"))).toBe(true);

    expect(await events(h, "async-met")).toMatchObject([{ userId: x, met: true }]);
    expect(await events(h, "async-check-in")).toMatchObject([{ userId: y, answer: "planned" }]);
    const ended = (await events(h, "async-group-ended")).find((e) => e.members.includes(x))!;
    expect(ended.counts[x]).toBe(2);
    expect(ended.counts[y]).toBe(0);
    expect(ended.responded).toEqual([y]);
    expect(await events(h, "connection")).toHaveLength(1);
    await h.advance(2 * DAY);
    expect(space.closed).toBe(true);
  });

  it("asks members silent for N meets in a row to opt in again instead of pairing them", async () => {
    const h = scheduleHarness(START);
    await h.bot.start();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC", days: 5, inactive_after: 2 });
    await optIn(h, ["a", "b", "c", "d"]);
    const talk = async (from: number) => {
      for (const s of h.platform.spaces.slice(from))
        for (const m of s.members.filter((u) => u === "a" || u === "b"))
          await h.bot.recordSpaceMessage("fake", h.community, s.spaceId, m);
    };
    await h.advance(5 * DAY); // meet 1
    await talk(0);
    await h.advance(7 * DAY); // meet 2: nobody silent long enough yet
    expect(pairedIn(h, 2)).toEqual(["a", "b", "c", "d"]);
    await talk(2);
    await h.advance(7 * DAY); // meet 3: c and d were silent twice
    expect(pairedIn(h, 4)).toEqual(["a", "b"]);
    for (const m of ["c", "d"]) {
      const asks = h.platform.privateTexts(m).filter((t) => t.includes("Still up for Quick Meets?"));
      expect(asks).toHaveLength(1);
    }
    expect(
      (await events(h, "pool-changed"))
        .filter((e) => e.change === "inactive")
        .map((e) => e.userId)
        .sort(),
    ).toEqual(["c", "d"]);
    expect((await events(h, "async-meet-started")).at(-1)?.excluded.inactive).toBe(2);

    // c clicks "Count me in again" in the private message and is paired next time.
    const again = h.platform.privateMessages.get("c")!.find((m) => m.title === "Still up for Quick Meets?")!;
    const back = await h.click("c", again.buttons![0]![0]!.actionId);
    expect(back.privateMessage?.text).toContain("Welcome back");
    await talk(4);
    await h.advance(7 * DAY);
    expect(pairedIn(h, 5)).toEqual(["a", "b", "c"]);
  });

  it("skips a paused member, includes them again when the pause ends, and says welcome back once", async () => {
    const h = scheduleHarness(START);
    await h.bot.start();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC", days: 5, inactive_after: 10 });
    await optIn(h, ["a", "b", "c", "d", "e"]);
    await h.command("e", "pause", { days: 10 }); // until Saturday 5 December
    await h.advance(5 * DAY);
    expect(pairedIn(h, 0)).not.toContain("e");
    expect((await events(h, "async-meet-started"))[0]?.excluded.paused).toBe(1);
    const spacesBefore = h.platform.spaces.length;
    await h.advance(7 * DAY);
    expect(pairedIn(h, spacesBefore)).toContain("e");
    await h.advance(7 * DAY);
    expect(h.platform.privateTexts("e").filter((t) => t.includes("Welcome back! Your pause is over"))).toHaveLength(1);
  });

  it("never pairs a blocked pair, nor a member who opted out", async () => {
    const h = scheduleHarness(START);
    await h.bot.start();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC", days: 5, inactive_after: 10 });
    await optIn(h, ["a", "b", "c", "d", "e"]);
    expect(replyText(await h.command("a", "block", { member: "b" }))).not.toContain("please check");
    expect(replyText(await h.command("e", "opt", { action: "out" }))).toContain("You've left");
    for (let week = 0; week < 4; week++) await h.advance(7 * DAY);
    expect(h.platform.spaces.length).toBeGreaterThanOrEqual(8);
    for (const s of h.platform.spaces) {
      expect(s.members).not.toContain("e");
      expect(s.members.includes("a") && s.members.includes("b")).toBe(false);
    }
  });

  it("tells the organizer when fewer than two members can be paired", async () => {
    const h = scheduleHarness(START);
    await h.bot.start();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC", days: 5 });
    await optIn(h, ["a"]);
    await h.advance(5 * DAY);
    expect(h.platform.spaces).toHaveLength(0);
    expect(h.platform.privateTexts("org").some((t) => t.includes("Async Quick Meet skipped"))).toBe(true);
    expect(h.platform.privateTexts("a").some((t) => t.includes("No partner for you"))).toBe(true);
    expect((await events(h, "schedule-run"))[0]).toMatchObject({ outcome: "skipped", reason: "not-enough-members" });
  });
});
