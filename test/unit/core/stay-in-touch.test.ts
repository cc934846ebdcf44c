import { describe, expect, it } from "vitest";
import { createHarness } from "../../fakes/harness.ts";

const MIN = 60_000;

/** A one-round Quick Meet for `people`, run to the closing message; returns the harness and the closing buttons. */
async function closedRound(people: string[], groupSize = 2) {
  const h = createHarness();
  await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1, group_size: groupSize }, true);
  const join = h.lobby()!.message.buttons![0]![0]!.actionId;
  for (const m of people) await h.click(m, join);
  await h.advance(1 * MIN + 3 * MIN);
  const closing = h.platform.spaces[0]!.messages.at(-1)!;
  const [yes, no] = closing.buttons![1]!.map((b) => b.actionId);
  return { h, closing, yes: yes!, no: no! };
}

const answer = async (h: ReturnType<typeof createHarness>, who: string, actionId: string) =>
  (await h.click(who, actionId)).privateMessage;

describe("stay in touch", () => {
  it("answers the click that makes a connection with the connection, never with 'Noted' after it", async () => {
    const { h, yes } = await closedRound(["a", "b"]);
    expect((await answer(h, "a", yes))?.text).toBe("Noted. If your partner says yes too, I'll tell you both.");
    const second = await answer(h, "b", yes);
    expect(second?.title).toBe("You made a connection");
    expect(second?.text).toContain("You and <@a> both want to stay in touch");
    // b hears it once, as the click's answer; a hears it privately, once.
    expect(h.platform.privateTexts("b").filter((t) => t.includes("stay in touch"))).toEqual([]);
    expect(h.platform.privateTexts("a").filter((t) => t.includes("You and <@b> both want"))).toHaveLength(1);
  });

  it("gives the same answer to a repeated click, and tells and records nothing again", async () => {
    const { h, yes } = await closedRound(["a", "b"]);
    await answer(h, "a", yes);
    await answer(h, "b", yes);
    const eventsBefore = (await h.bot.engine.community.events("fake", h.community)).length;
    const privateBefore = h.platform.privateTexts("a").length;
    for (const who of ["a", "b"]) {
      const again = await answer(h, who, yes);
      expect(again?.title, who).toBe("You made a connection");
    }
    expect((await h.bot.engine.community.events("fake", h.community)).length).toBe(eventsBefore);
    expect(h.platform.privateTexts("a").length).toBe(privateBefore);
  });

  it("reads right in a trio: each two members count on their own", async () => {
    const { h, closing, yes } = await closedRound(["a", "b", "c"], 3);
    expect(closing.text).toContain("when two of you each say yes, I tell those two");
    expect(closing.text).not.toContain("you both");
    expect((await answer(h, "a", yes))?.text).toBe("Noted. For each partner who says yes too, I'll tell you both.");
    const b = await answer(h, "b", yes);
    expect(b?.text).toContain("You and <@a> both want to stay in touch");
    const c = await answer(h, "c", yes);
    expect(c?.title).toBe("You made 2 connections");
    expect(c?.text).toMatch(/<@[ab]> and <@[ab]> each want to stay in touch with you too/);
  });
});

describe("words for pairs and trios", () => {
  it.each([
    [["a", "b"], 2],
    [["a", "b", "c"], 3],
  ] as const)("never says 'you both' to three people, nor 'everyone in a pair' to two (%j)", async (people, size) => {
    const h = createHarness();
    await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1, group_size: size }, true);
    const join = h.lobby()!.message.buttons![0]![0]!.actionId;
    for (const m of people) await h.click(m, join);
    await h.advance(1 * MIN + 3 * MIN);
    const space = h.platform.spaces[0]!;
    expect(space.members).toHaveLength(people.length);
    const said = space.messages.slice(1).map((m) => `${m.title ?? ""} ${m.text}`);
    expect(said.some((t) => t.includes("One minute left"))).toBe(true);
    for (const text of said) {
      expect(text).not.toContain("everyone in a pair");
      if (size === 3) expect(text).not.toMatch(/you both|your partner\b|both of you/i);
    }
  });
});
