import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as templates from "../../../src/messages/schedule-templates.ts";
import { COVERED_BUILDERS, meSample, meSampleInputsArb, messageSampleArb, statsSampleArb } from "./samples.ts";

/** Exports of src/messages that are helpers or word lists, not messages. */
const NOT_MESSAGES = new Set([
  "mention",
  "list",
  "plural",
  "countdown",
  "clockTime",
  "scheduleNeeds",
  "introBody",
  // A sentence inside closingMessage and asyncEnd (covered there, for pairs and trios).
  "mutualRule",
  // A form, not a message: test/unit/core/feedback-report.test.ts checks it, the Discord e2e opens it.
  "reportForm",
]);

describe("render samples (shared by the Slack and Discord property tests)", () => {
  it("cover every message builder of src/messages", () => {
    const exported = Object.entries(templates)
      .filter(([name, value]) => !NOT_MESSAGES.has(name) && (typeof value === "function" || typeof value === "object"))
      .map(([name]) => name)
      // Option-problem sentences (strings, shown inside badOptions) are covered through badOptions.
      .filter((name) => {
        const value = (templates as Record<string, unknown>)[name];
        return (
          typeof value !== "function" ||
          !/^(badTimeZone|neverRuns|tooFrequent|asyncOverlap|headsUpTooEarly|tooManySchedules)$/.test(name)
        );
      });
    expect([...COVERED_BUILDERS].sort()).toEqual(exported.sort());
  });

  it("produce messages, stats and /me replies", async () => {
    fc.assert(
      fc.property(messageSampleArb, (s) => {
        expect(s.message.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(statsSampleArb, (s) => {
        expect(s.message.title).toBe("Quick Meet stats");
      }),
      { numRuns: 10 },
    );
    await fc.assert(
      fc.asyncProperty(meSampleInputsArb, async (i) => {
        expect((await meSample(i)).message.title).toBe("Your Quick Meets");
      }),
      { numRuns: 10 },
    );
  });
});
