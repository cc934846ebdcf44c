import { describe, expect, it } from "vitest";
import { replyText } from "../../fakes/harness.ts";
import { createSchedule, onlySchedule, scheduleHarness } from "./helpers.ts";

const NOW = "2026-11-25T10:00:00Z"; // a Wednesday

describe("/quickmeet schedule", () => {
  it("creates an async schedule and says when the first meet is, in the schedule's zone", async () => {
    const h = scheduleHarness(NOW);
    const text = await createSchedule(h, {
      cadence: "every monday 10:00",
      timezone: "America/New_York",
      kind: "async",
      days: 7,
      heads_up_hours: 24,
    });
    expect(text).toContain("Schedule created");
    expect(text).toContain("every Monday at 10:00 (America/New_York)");
    expect(text).toContain("Mon 30 Nov, 10:00 (America/New_York)");
    const s = await onlySchedule(h);
    expect(s).toMatchObject({ cron: "0 10 * * 1", kind: "async", days: 7, headsUpHours: 24, inactiveAfter: 2 });
    expect(new Date(s.nextAt!).toISOString()).toBe("2026-11-30T15:00:00.000Z");
  });

  it("refuses an invalid cron expression with the field that is wrong", async () => {
    const h = scheduleHarness(NOW);
    const text = await createSchedule(h, { cadence: "0 25 * * 1", timezone: "Europe/Berlin" });
    expect(text).toContain("please check the options");
    expect(text).toContain('"0 25 * * 1" is not a valid cron expression: 25 is an invalid expression for hour');
    expect(await h.bot.engine.store.get("index:schedules")).toBeUndefined();
  });

  it("refuses an unknown time zone and says what a valid one looks like", async () => {
    const h = scheduleHarness(NOW);
    const text = await createSchedule(h, { cadence: "every monday 10:00", timezone: "Europe/Atlantis" });
    expect(text).toContain('timezone: "Europe/Atlantis" is not an IANA time zone');
    expect(text).toContain("America/New_York");
  });

  it("asks for a cadence and a time zone when they are missing", async () => {
    const text = await createSchedule(scheduleHarness(NOW), {});
    expect(text).toContain("cadence is required");
    expect(text).toContain("timezone is required");
  });

  it("refuses async meets that would overlap the next one, and cadences faster than hourly", async () => {
    const h = scheduleHarness(NOW);
    expect(await createSchedule(h, { cadence: "every day 10:00", timezone: "UTC", days: 3 })).toContain(
      "would overlap the next one",
    );
    expect(await createSchedule(h, { cadence: "*/10 * * * *", timezone: "UTC", kind: "live" })).toContain(
      "more often than once an hour",
    );
  });

  it("is for organizers only", async () => {
    const h = scheduleHarness(NOW);
    const reply = await h.command("m1", "schedule", { action: "list" });
    expect(replyText(reply)).toContain("Only organizers can use `/quickmeet schedule`");
  });

  it("lists, pauses, resumes and deletes by id (or the channel's only schedule)", async () => {
    const h = scheduleHarness(NOW);
    await createSchedule(h, { cadence: "first tuesday of the month 18:00", timezone: "Europe/Berlin", kind: "live" });
    const s = await onlySchedule(h);
    const list = replyText(await h.command("org", "schedule", { action: "list" }, true));
    expect(list).toContain(`\`${s.id}\``);
    expect(list).toContain("next Tue 1 Dec, 18:00 (Europe/Berlin)");

    expect(replyText(await h.command("org", "schedule", { action: "pause" }, true))).toContain("is paused");
    expect((await onlySchedule(h)).status).toBe("paused");
    expect(await h.store.get(`job:schedule:${s.id}:slot:${s.nextAt}`)).toBeUndefined();
    expect(replyText(await h.command("org", "schedule", { action: "list" }, true))).toContain("paused");

    expect(replyText(await h.command("org", "schedule", { action: "resume", id: s.id }, true))).toContain(
      "running again",
    );
    expect(await h.store.get(`job:schedule:${s.id}:slot:${s.nextAt}`)).toBeDefined();

    expect(replyText(await h.command("org", "schedule", { action: "delete", id: "nope" }, true))).toContain(
      "There's no schedule `nope`",
    );
    expect(replyText(await h.command("org", "schedule", { action: "delete", id: s.id }, true))).toContain("deleted");
    expect(replyText(await h.command("org", "schedule", { action: "list" }, true))).toContain("No schedules yet");
    expect(await h.store.get(`job:schedule:${s.id}:slot:${s.nextAt}`)).toBeUndefined();
  });
});
