import { describe, expect, it } from "vitest";
import { createHarness } from "../../fakes/harness.ts";

const MIN = 60_000;

/** A trio in round 1 (group_size 3), so the others keep talking after one leaves. */
async function trioInRound(canRemove: boolean) {
  const h = createHarness();
  h.platform.canRemoveFromSpace = canRemove;
  await h.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 1, group_size: 3 }, true);
  const [join, leave] = h.lobby()!.message.buttons![0]!.map((b) => b.actionId);
  for (const m of ["a", "b", "c"]) await h.click(m, join!);
  await h.advance(1 * MIN);
  const space = h.platform.spaces[0]!;
  expect([...space.members].sort()).toEqual(["a", "b", "c"]);
  return { h, space, leave: leave! };
}

async function countsAtEnd(h: ReturnType<typeof createHarness>) {
  await h.advance(5 * MIN);
  const events = await h.bot.engine.community.events("fake", h.community);
  const counted = events.find((e) => e.type === "messages-counted");
  return counted && "counts" in counted ? counted.counts : undefined;
}

describe("a member who leaves mid-round", () => {
  it("is taken out of the private space where the platform allows it, and the others are told", async () => {
    const { h, space, leave } = await trioInRound(true);
    expect((await h.click("c", leave)).privateMessage?.text).toContain("You've left");
    expect([...space.members].sort()).toEqual(["a", "b"]);
    expect(space.messages.at(-1)?.text).toBe("<@c> left this Quick Meet.");
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "a");
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "c");
    expect(await countsAtEnd(h)).toEqual({ a: 1, b: 0, c: 0 });
  });

  it("is named in the space where the platform cannot drop them, and what they write stops counting", async () => {
    const { h, space, leave } = await trioInRound(false);
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "c");
    await h.click("c", leave);
    expect(space.members).toContain("c");
    expect(space.messages.at(-1)?.text).toContain("<@c> left this Quick Meet. This conversation can't drop a member");
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "c");
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "b");
    // c's one message before leaving still counts; nothing after.
    expect(await countsAtEnd(h)).toMatchObject({ b: 1, c: 1 });
  });
});
