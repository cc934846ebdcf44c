import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { createSqliteStore } from "../../../src/store/sqlite.ts";
import { FakePlatform } from "../../fakes/fake-platform.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";
import { createSchedule, DAY, events, HOUR, MIN, onlySchedule, optIn, runs, scheduleHarness } from "./helpers.ts";

const introTimes = (platform: FakePlatform) => platform.spaces.map((s) => s.title.split(" · ")[1]);

describe("weekly cadence across a daylight-saving change", () => {
  it.each([
    ["America/New_York", "2026-02-25T12:00:00Z", ["2026-03-02T15:00", "2026-03-09T14:00", "2026-03-16T14:00"]],
    ["Europe/Berlin", "2026-03-18T12:00:00Z", ["2026-03-23T09:00", "2026-03-30T08:00", "2026-04-06T08:00"]],
  ])("%s: every Monday at 10:00 local, held on time each week", async (zone, start, expected) => {
    const h = scheduleHarness(start);
    await h.bot.start();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: zone, days: 5, inactive_after: 10 });
    await optIn(h, ["a", "b", "c", "d"]);
    await h.advance(20 * DAY);
    const held = await events(h, "schedule-run");
    expect(held.map((e) => `${e.outcome}@${new Date(e.slot).toISOString().slice(0, 16)}`)).toEqual(
      expected.map((t) => `held@${t}`),
    );
    // Each run happened at its slot, not an hour early or late.
    expect(held.every((e) => e.at === e.slot)).toBe(true);
    expect(introTimes(h.platform)).toHaveLength(6);
  });
});

describe("first tuesday of the month", () => {
  it("starts a live session by itself at 18:00 Berlin on each first Tuesday", async () => {
    const h = scheduleHarness("2026-11-25T10:00:00Z");
    await h.bot.start();
    await createSchedule(h, {
      cadence: "first tuesday of the month 18:00",
      timezone: "Europe/Berlin",
      kind: "live",
      rounds: 1,
      minutes: 5,
      lobby_minutes: 2,
    });
    await h.advance(45 * DAY);
    const started = await events(h, "session-started");
    expect(started.map((e) => new Date(e.at).toISOString())).toEqual([
      "2026-12-01T17:00:00.000Z",
      "2027-01-05T17:00:00.000Z",
    ]);
    expect(started.every((e) => e.organizerId === "org" && e.options.rounds === 1)).toBe(true);
    expect(await runs(h)).toEqual(["held@2026-12-01T17:00:00.000Z", "held@2027-01-05T17:00:00.000Z"]);
    const lobbies = h.platform.channelPosts.filter((p) => p.message.title?.startsWith("Quick Meet: join"));
    expect(lobbies).toHaveLength(2);
  });
});

describe("heads-up", () => {
  it("posts a heads-up with Skip this one; a member who skips sits out this run only", async () => {
    const h = scheduleHarness("2026-11-25T10:00:00Z");
    await h.bot.start();
    await createSchedule(h, {
      cadence: "every monday 10:00",
      timezone: "UTC",
      days: 5,
      heads_up_hours: 24,
      inactive_after: 10,
    });
    await optIn(h, ["a", "b", "c", "d", "e"]);
    await h.advance(4 * DAY); // Sunday 10:00: the heads-up
    const headsUp = h.platform.channelPosts.at(-1)!;
    expect(headsUp.message.text).toContain("Heads-up");
    const skip = headsUp.message.buttons![0]!.find((b) => b.label === "Skip this one")!;
    const reply = await h.click("e", skip.actionId);
    expect(reply.privateMessage?.text).toContain("you're skipping this one");

    await h.advance(1 * DAY);
    const firstRun = h.platform.spaces.flatMap((s) => s.members);
    expect(firstRun.sort()).toEqual(["a", "b", "c", "d"]);
    expect((await events(h, "async-meet-started"))[0]?.excluded.skipped).toBe(1);

    // A late click changes nothing; next week e is back.
    expect((await h.click("e", skip.actionId)).privateMessage?.text).toContain("already started");
    await h.advance(7 * DAY);
    const secondRun = h.platform.spaces.slice(2).flatMap((s) => s.members);
    expect(secondRun).toContain("e");
  });
});

describe("live heads-up", () => {
  it("has the Skip this one button that README and the schedule-created reply promise", async () => {
    const h = scheduleHarness("2026-11-25T10:00:00Z");
    await h.bot.start();
    await createSchedule(h, {
      cadence: "every monday 10:00",
      timezone: "UTC",
      kind: "live",
      heads_up_hours: 24,
      rounds: 1,
      minutes: 5,
      lobby_minutes: 2,
    });
    await h.advance(4 * DAY); // Sunday 10:00: the heads-up
    const headsUp = h.platform.channelPosts.at(-1)!;
    expect(headsUp.message.text).toContain("a live Quick Meet starts here");
    const skip = headsUp.message.buttons?.[0]?.find((b) => b.label === "Skip this one");
    expect(skip).toBeDefined();
    const reply = await h.click("e", skip!.actionId);
    expect(reply.privateMessage?.text).toContain("you're skipping this one");
    expect(reply.privateMessage?.text).toContain("Join");
    const skipped = (await events(h, "pool-changed")).filter((e) => e.change === "skipped-run");
    expect(skipped.map((e) => e.userId)).toEqual(["e"]);
  });
});

describe("restarts and several processes", () => {
  it.each(["memory", "sqlite"] as const)(
    "re-arms schedules at start-up (%s store): a restart between two runs neither loses nor doubles a run",
    async (kind) => {
      const file = join(mkdtempSync(join(tmpdir(), "quickmeet-schedule-")), "quickmeet.sqlite");
      const open = () => (kind === "sqlite" ? createSqliteStore(file) : shared);
      const shared = createMemoryStore();
      const platform = new FakePlatform();
      const first = scheduleHarness("2026-11-25T10:00:00Z", { store: open(), platform });
      await first.bot.start();
      await createSchedule(first, { cadence: "every monday 10:00", timezone: "UTC", days: 5, inactive_after: 10 });
      await optIn(first, ["a", "b", "c", "d"]);
      await first.advance(6 * DAY); // run 1 on Monday 30 Nov
      await first.bot.stop();
      if (kind === "sqlite") await first.store.close();

      const second = scheduleHarness("2026-12-02T10:00:00Z", { store: open(), platform });
      await second.bot.start();
      await second.advance(13 * DAY);
      expect(await runs(second)).toEqual([
        "held@2026-11-30T10:00:00.000Z",
        "held@2026-12-07T10:00:00.000Z",
        "held@2026-12-14T10:00:00.000Z",
      ]);
      expect(platform.spaces).toHaveLength(6);
      if (kind === "sqlite") {
        await second.store.close();
        rmSync(dirname(file), { recursive: true, force: true });
      }
    },
  );

  it("two processes sharing one store run each slot exactly once", async () => {
    const store = createMemoryStore();
    const platform = new FakePlatform();
    const a = scheduleHarness("2026-11-25T10:00:00Z", { store, platform });
    const b = scheduleHarness("2026-11-25T10:00:00Z", { store, platform });
    await a.bot.start();
    await createSchedule(a, { cadence: "every monday 10:00", timezone: "UTC", days: 5, inactive_after: 10 });
    await optIn(a, ["p", "q", "r", "s"]);
    await b.bot.start(); // b learns the schedule from the store
    for (let day = 0; day < 14; day++) {
      await a.advance(DAY);
      await b.advance(DAY);
    }
    expect(await runs(a)).toEqual(["held@2026-11-30T10:00:00.000Z", "held@2026-12-07T10:00:00.000Z"]);
    expect(platform.spaces).toHaveLength(4);
  });

  it("catches up a run missed by less than an hour, and says it was late", async () => {
    const store = createMemoryStore();
    const platform = new FakePlatform();
    const first = scheduleHarness("2026-11-25T10:00:00Z", { store, platform });
    await first.bot.start();
    await createSchedule(first, { cadence: "every monday 10:00", timezone: "UTC", days: 5, inactive_after: 10 });
    await optIn(first, ["a", "b"]);
    await first.bot.stop(); // down over the weekend, back at 10:40 on Monday

    const clock = new ManualClock(Date.parse("2026-11-30T10:40:00Z"));
    const second = scheduleHarness("2026-11-30T10:40:00Z", { store, platform, clock });
    await second.bot.start();
    await second.advance(MIN);
    expect(await runs(second)).toEqual(["caught-up@2026-11-30T10:00:00.000Z"]);
    expect(platform.spaces).toHaveLength(1);
    await second.advance(7 * DAY);
    expect(await runs(second)).toEqual(["caught-up@2026-11-30T10:00:00.000Z", "held@2026-12-07T10:00:00.000Z"]);
  });

  it("skips a run missed by more than an hour, tells the organizer once, and carries on", async () => {
    const store = createMemoryStore();
    const platform = new FakePlatform();
    const first = scheduleHarness("2026-11-25T10:00:00Z", { store, platform });
    await first.bot.start();
    await createSchedule(first, { cadence: "every monday 10:00", timezone: "UTC", days: 5, inactive_after: 10 });
    await optIn(first, ["a", "b"]);
    await first.bot.stop(); // down for more than two weeks

    const second = scheduleHarness("2026-12-08T13:00:00Z", { store, platform });
    await second.bot.start();
    await second.advance(MIN);
    expect(await runs(second)).toEqual(["skipped@2026-11-30T10:00:00.000Z", "skipped@2026-12-07T10:00:00.000Z"]);
    expect((await events(second, "schedule-run")).every((e) => e.reason === "missed")).toBe(true);
    const notes = platform.privateTexts("org").filter((t) => t.includes("Scheduled Quick Meets missed"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("2 scheduled Quick Meets");
    expect(platform.spaces).toHaveLength(0);

    await second.advance(6 * DAY);
    expect((await runs(second)).at(-1)).toBe("held@2026-12-14T10:00:00.000Z");
    expect((await onlySchedule(second)).lastSlot).toBe(Date.parse("2026-12-14T10:00:00Z"));
    expect(HOUR).toBe(3_600_000);
  });
});
