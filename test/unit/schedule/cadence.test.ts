import { describe, expect, it } from "vitest";
import { nextSlot, parseCadence, type SlotSpec, shortestGap } from "../../../src/schedule/cadence.ts";
import { canonicalTimeZone, checkCron, localParts } from "../../../src/schedule/cron.ts";

/** The next `n` slots after `fromIso`, as ISO instants. */
function slots(spec: SlotSpec, fromIso: string, n: number): string[] {
  const out: string[] = [];
  let at = Date.parse(fromIso);
  for (let i = 0; i < n; i++) {
    const next = nextSlot(spec, at);
    if (next === undefined) break;
    out.push(new Date(next).toISOString().replace(":00.000Z", "Z"));
    at = next;
  }
  return out;
}

const cron = (text: string) => {
  const r = parseCadence(text);
  if (!r.ok) throw new Error(r.problem);
  return r.cadence;
};

describe("friendly cadences", () => {
  it.each([
    ["every monday 10:00", "0 10 * * 1"],
    ["Every Monday at 10am", "0 10 * * 1"],
    ["every mon and thu 9:30", "30 9 * * 1,4"],
    ["every weekday 09:30", "30 9 * * 1-5"],
    ["every day at 12:15", "15 12 * * *"],
    ["daily 8:00", "0 8 * * *"],
    ["every weekend 11:00", "0 11 * * 0,6"],
    ["first tuesday of the month 18:00", "0 18 * * 2#1"],
    ["last friday of the month 5pm", "0 17 * * 5L"],
    ["every friday 6:30 pm", "30 18 * * 5"],
  ])("reads %j as %j", (text, expected) => {
    expect(cron(text).cron).toBe(expected);
  });

  it("reads every 2 weeks and every other week as a weekly cron plus a week interval", () => {
    expect(cron("every 2 weeks on friday 16:00")).toMatchObject({ cron: "0 16 * * 5", everyWeeks: 2 });
    expect(cron("every other wednesday 8:15")).toMatchObject({ cron: "15 8 * * 3", everyWeeks: 2 });
  });

  it("passes cron expressions through node-cron", () => {
    expect(cron("0 10 * * 1").cron).toBe("0 10 * * 1");
    expect(cron("@weekly").cron).toBe("@weekly");
  });

  it("refuses an invalid cron expression, naming the field", () => {
    const r = parseCadence("61 10 * * 1");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/not a valid cron expression: 61 is an invalid expression for minute/);
    expect(checkCron("0 10 * *").ok).toBe(false);
    expect(checkCron("*/5 * * * * *").ok).toBe(false); // seconds are not for Quick Meets
  });

  it("refuses words it cannot read, with examples", () => {
    const r = parseCadence("whenever we feel like it");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain("every monday 10:00");
    expect(parseCadence("every funday 10:00").ok).toBe(false);
    expect(parseCadence("every monday 25:00").ok).toBe(false);
  });
});

describe("time zones", () => {
  it("accepts IANA names and refuses the rest", () => {
    expect(canonicalTimeZone("America/New_York")).toBe("America/New_York");
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeUndefined();
    expect(canonicalTimeZone("+05:00")).toBeUndefined();
    expect(canonicalTimeZone("")).toBeUndefined();
  });
});

describe("slots across daylight-saving changes: 10:00 stays 10:00 local", () => {
  const weekly = (timeZone: string): SlotSpec => ({ cron: "0 10 * * 1", timeZone });

  it("America/New_York, spring forward (8 March 2026) and fall back (1 November 2026)", () => {
    expect(slots(weekly("America/New_York"), "2026-02-25T00:00:00Z", 3)).toEqual([
      "2026-03-02T15:00Z", // EST, UTC-5
      "2026-03-09T14:00Z", // EDT, UTC-4
      "2026-03-16T14:00Z",
    ]);
    expect(slots(weekly("America/New_York"), "2026-10-20T00:00:00Z", 2)).toEqual([
      "2026-10-26T14:00Z",
      "2026-11-02T15:00Z",
    ]);
  });

  it("Europe/Berlin, spring forward (29 March 2026) and fall back (25 October 2026)", () => {
    expect(slots(weekly("Europe/Berlin"), "2026-03-20T00:00:00Z", 2)).toEqual([
      "2026-03-23T09:00Z", // CET, UTC+1
      "2026-03-30T08:00Z", // CEST, UTC+2
    ]);
    expect(slots(weekly("Europe/Berlin"), "2026-10-15T00:00:00Z", 2)).toEqual([
      "2026-10-19T08:00Z",
      "2026-10-26T09:00Z",
    ]);
    for (const at of slots(weekly("Europe/Berlin"), "2026-01-01T00:00:00Z", 52)) {
      const local = localParts(Date.parse(at), "Europe/Berlin");
      expect([local.weekday, local.hour, local.minute]).toEqual([1, 10, 0]);
    }
  });

  it("skips a wall-clock time that does not exist that day, and runs a repeated one once", () => {
    const sunday = (time: string): SlotSpec => ({ cron: `${time} * * 0`, timeZone: "America/New_York" });
    // 02:30 does not exist on 8 March 2026 in New York.
    expect(slots(sunday("30 2"), "2026-03-01T12:00:00Z", 2)).toEqual(["2026-03-15T06:30Z", "2026-03-22T06:30Z"]);
    // 01:30 happens twice on 1 November 2026: the first one counts, once.
    expect(slots(sunday("30 1"), "2026-10-31T12:00:00Z", 2)).toEqual(["2026-11-01T05:30Z", "2026-11-08T06:30Z"]);
  });
});

describe("monthly and multi-week cadences", () => {
  it("first tuesday of the month at 18:00 Berlin", () => {
    const spec = { cron: cron("first tuesday of the month 18:00").cron, timeZone: "Europe/Berlin" };
    expect(slots(spec, "2026-11-25T10:00:00Z", 4)).toEqual([
      "2026-12-01T17:00Z",
      "2027-01-05T17:00Z",
      "2027-02-02T17:00Z",
      "2027-03-02T17:00Z",
    ]);
  });

  it("every 2 weeks on friday counts weeks from the first slot", () => {
    const c = cron("every 2 weeks on friday 16:00");
    const base = { cron: c.cron, timeZone: "UTC", everyWeeks: 2 };
    const anchor = nextSlot(base, Date.parse("2026-11-25T10:00:00Z"))!;
    expect(new Date(anchor).toISOString()).toBe("2026-11-27T16:00:00.000Z");
    expect(slots({ ...base, anchor }, "2026-11-27T16:00:00Z", 3)).toEqual([
      "2026-12-11T16:00Z",
      "2026-12-25T16:00Z",
      "2027-01-08T16:00Z",
    ]);
    expect(shortestGap({ ...base, anchor }, anchor - 1)).toBe(14 * 86_400_000);
  });
});
