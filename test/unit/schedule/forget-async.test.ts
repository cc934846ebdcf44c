import { describe, expect, it } from "vitest";
import type { FakeSpace } from "../../fakes/fake-platform.ts";
import { createSchedule, DAY, optIn, scheduleHarness } from "./helpers.ts";

const START = "2026-11-25T10:00:00Z"; // Wednesday; the schedule runs Mondays at 10:00 UTC

describe("forget-me during an async meet", () => {
  it("takes the member out of the running meet's space, and their messages there no longer count", async () => {
    const h = scheduleHarness(START);
    await h.bot.start();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC", days: 6 });
    await optIn(h, ["zeb001", "amara2"]);
    await h.advance(5 * DAY);
    const space = h.platform.spaces[0] as FakeSpace;
    expect(space.members.sort()).toEqual(["amara2", "zeb001"]);

    await h.command("zeb001", "forget-me", { confirm: true });
    expect(space.members).toEqual(["amara2"]);
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "zeb001");
    const counted = await h.store.keysWithPrefix("msgs:");
    expect(counted.some((k) => k.includes("zeb001"))).toBe(false);
  });

  it("says in the space that a member left when the platform cannot take them out (Slack group DMs)", async () => {
    const h = scheduleHarness(START);
    await h.bot.start();
    await createSchedule(h, { cadence: "every monday 10:00", timezone: "UTC", days: 6 });
    await optIn(h, ["zeb001", "amara2"]);
    await h.advance(5 * DAY);
    const space = h.platform.spaces[0] as FakeSpace;
    h.platform.removeFromSpace = async () => false;
    await h.command("zeb001", "forget-me", { confirm: true });
    expect(space.messages.at(-1)?.text).toContain("One member of this meet has left");
    expect(space.messages.at(-1)?.text).not.toContain("zeb001");
  });
});
