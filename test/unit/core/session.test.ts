import { describe, expect, it } from "vitest";
import { createHarness, replyText } from "../../fakes/harness.ts";

const MIN = 60_000;
const members = ["u1", "u2", "u3", "u4", "u5", "u6", "u7"];

async function startWith(h: ReturnType<typeof createHarness>, options: Record<string, unknown>, people = members) {
  const reply = await h.command("org", "start", options, true);
  expect(replyText(reply)).toContain("Quick Meet started");
  const lobby = h.lobby();
  if (!lobby) throw new Error("no lobby posted");
  const join = lobby.message.buttons?.[0]?.[0]?.actionId ?? "";
  for (const m of people)
    expect(
      replyText({
        kind: "message",
        visibility: "private",
        message: (await h.click(m, join)).privateMessage ?? { text: "" },
      }),
    ).toContain("You're in");
  return join;
}

const pairsOf = (groups: string[][]) =>
  groups.flatMap((g) => g.flatMap((a, i) => g.slice(i + 1).map((b) => [a, b].sort().join("+"))));

describe("a live Quick Meet", () => {
  it("runs 3 rounds for 7 members: a trio each round, nobody left out, no repeated partner", async () => {
    const h = createHarness();
    await startWith(h, { rounds: 3, minutes: 5, lobby_minutes: 2, break_seconds: 30 });
    await h.advance(2 * MIN);
    const seen: string[] = [];
    for (let round = 1; round <= 3; round++) {
      const spaces = h.platform.spacesOfRound(round);
      expect(spaces.map((s) => s.members.length).sort()).toEqual([2, 2, 3]);
      expect(spaces.flatMap((s) => s.members).sort()).toEqual(members);
      for (const s of spaces) {
        expect(s.messages[0]?.title).toBe(`Quick Meet · Round ${round} of 3`);
        for (const m of s.members) expect(s.messages[0]?.text).toContain(`<@${m}>`);
      }
      seen.push(...pairsOf(spaces.map((s) => s.members)));
      await h.advance(4 * MIN);
      for (const s of spaces) expect(s.messages.at(-1)?.text).toContain("One minute left");
      await h.advance(1 * MIN);
      for (const s of spaces) {
        // Open for the answer window: Discord disables the buttons of a locked thread.
        expect(s.closed).toBe(false);
        expect(s.messages.at(-1)?.title).toBe(`Round ${round}: time's up`);
        expect(s.messages.at(-1)?.text).toMatch(/buttons work until \d\d:\d\d UTC/);
      }
      await h.advance(30_000);
    }

    expect(new Set(seen).size).toBe(seen.length);
    // The summary waits a few minutes for the last round's feedback clicks.
    expect(h.platform.privateTexts("org").some((t) => t.includes("Quick Meet summary"))).toBe(false);
    await h.advance(3 * MIN);
    const summary = h.platform.privateTexts("org").find((t) => t.includes("Quick Meet summary"));
    expect(summary).toBeDefined();
    expect(h.lobby()?.edits.at(-1)?.title).toBe("Quick Meet: ended");
    // Each round's spaces close once their answer window (10 minutes after the closing message) is over.
    expect(h.platform.spacesOfRound(3).some((s) => s.closed)).toBe(false);
    await h.advance(7 * MIN);
    expect(h.platform.spaces.every((s) => s.closed)).toBe(true);
  });

  it("makes a connection only when both say yes, and tells both", async () => {
    const h = createHarness();
    await startWith(h, { rounds: 1, minutes: 3, lobby_minutes: 1 }, ["a", "b"]);
    await h.advance(1 * MIN + 3 * MIN);
    const space = h.platform.spaces[0]!;
    const closing = space.messages.at(-1)!;
    const yes = closing.buttons?.[1]?.[0]?.actionId ?? "";
    const great = closing.buttons?.[0]?.[0]?.actionId ?? "";
    await h.click("a", yes);
    expect(h.platform.privateTexts("a").some((t) => t.includes("connection"))).toBe(false);
    expect((await h.click("a", great)).privateMessage?.text).toContain("Thanks");
    expect((await h.click("a", great)).privateMessage?.text).toContain("already");
    expect((await h.click("stranger", yes)).privateMessage?.text).toContain("for the people in this conversation");
    // The second "yes" is answered with the connection itself; the first clicker is told privately.
    expect((await h.click("b", yes)).privateMessage?.text).toContain("You and <@a> both want to stay in touch");
    expect(h.platform.privateTexts("a").some((t) => t.includes("You and <@b> both want to stay in touch"))).toBe(true);
  });

  it("lets a late joiner in at the next round", async () => {
    const h = createHarness();
    const join = await startWith(h, { rounds: 2, minutes: 5, lobby_minutes: 1, break_seconds: 10 }, [
      "a",
      "b",
      "c",
      "d",
    ]);
    await h.advance(1 * MIN);
    expect((await h.click("late", join)).privateMessage?.text).toContain("from round 2");
    expect(h.platform.spacesOfRound(1).flatMap((s) => s.members)).not.toContain("late");
    await h.advance(5 * MIN + 10_000);
    expect(h.platform.spacesOfRound(2).flatMap((s) => s.members)).toContain("late");
  });

  it("re-pairs a member whose partner left with another member left alone", async () => {
    const h = createHarness();
    await startWith(h, { rounds: 1, minutes: 10, lobby_minutes: 1 }, ["a", "b", "c", "d"]);
    await h.advance(1 * MIN);
    const [s1, s2] = h.platform.spacesOfRound(1);
    const [leaver1, alone1] = s1!.members as [string, string];
    const [leaver2, alone2] = s2!.members as [string, string];
    await h.command(leaver1, "leave");
    await h.advance(1000);
    expect(h.platform.privateTexts(alone1).some((t) => t.includes("Your partner left"))).toBe(true);
    // Taken out of their space as they leave.
    expect(s1!.members).toEqual([alone1]);
    await h.command(leaver2, "leave");
    await h.advance(1000);
    const replacement = h.platform.spaces.at(-1)!;
    expect(replacement.members.sort()).toEqual([alone1, alone2].sort());
    expect(replacement.messages[0]?.text).toContain("Your partner left, so here's someone new");
  });

  it("ends early on the organizer's command and still asks for feedback", async () => {
    const h = createHarness();
    await startWith(h, { rounds: 3, minutes: 10, lobby_minutes: 1 }, ["a", "b"]);
    await h.advance(1 * MIN + 2 * MIN);
    expect(replyText(await h.command("org", "end", {}, true))).toContain("ended");
    await h.advance(3 * MIN);
    const space = h.platform.spaces[0]!;
    expect(space.closed).toBe(false);
    expect(space.messages.at(-1)?.text).not.toContain("next round");
    await h.advance(7 * MIN);
    expect(space.closed).toBe(true);
    expect(h.platform.privateTexts("org").some((t) => t.includes("summary (ended early)"))).toBe(true);
    await h.advance(60 * MIN);
    expect(h.platform.spaces).toHaveLength(1);
    expect(replyText(await h.command("a", "status"))).toContain("no Quick Meet running");
  });

  it("ends with a clear message when fewer than two people joined", async () => {
    const h = createHarness();
    await startWith(h, { lobby_minutes: 1 }, ["alone"]);
    await h.advance(1 * MIN);
    expect(h.platform.spaces).toHaveLength(0);
    expect(h.platform.privateTexts("org").join()).toContain("needs at least 2");
    expect(h.platform.privateTexts("alone").join()).toContain("needs at least 2");
  });

  it("ignores a double click delivered twice and counts a join once", async () => {
    const h = createHarness();
    await h.command("org", "start", { lobby_minutes: 1 }, true);
    const join = h.lobby()!.message.buttons![0]![0]!.actionId;
    const same = h.inv("a", false, "evt-same");
    const [first, second] = await Promise.all([h.bot.handleAction(same, join), h.bot.handleAction(same, join)]);
    expect([first.duplicate, second.duplicate].filter(Boolean)).toHaveLength(1);
    await Promise.all(["a", "b", "c", "d", "e"].map((m) => h.click(m, join)));
    expect(replyText(await h.command("a", "status"))).toContain("In the session: 5 people");
  });

  it("refuses a non-organizer and explains who may", async () => {
    const h = createHarness();
    const reply = replyText(await h.command("member", "start"));
    expect(reply).toContain("Only organizers can use `/quickmeet start`");
    expect(h.platform.channelPosts).toHaveLength(0);
  });

  it("refuses bad options with a message naming each option and its limits", async () => {
    const h = createHarness();
    const reply = replyText(await h.command("org", "start", { rounds: 50, minutes: "ten", group_size: 4 }, true));
    expect(reply).toContain("rounds must be a whole number from 1 to 20");
    expect(reply).toContain("minutes must be a whole number from 2 to 60");
    expect(reply).toContain("group_size must be 2");
    expect(h.platform.channelPosts).toHaveLength(0);
  });

  it("tells members and the organizer when a private space can't be opened, dropping nobody silently", async () => {
    const { PlatformError } = await import("../../../src/errors.ts");
    const h = createHarness();
    h.platform.failSpacesFrom = { index: 2, error: new PlatformError("space-capacity", "160006") };
    await startWith(h, { rounds: 1, lobby_minutes: 1 }, ["a", "b", "c", "d"]);
    await h.advance(1 * MIN);
    expect(h.platform.spaces).toHaveLength(1);
    const unplaced = ["a", "b", "c", "d"].filter((m) => !h.platform.spaces[0]!.members.includes(m));
    for (const m of unplaced) expect(h.platform.privateTexts(m).join()).toContain("limit of active threads");
    expect(h.platform.privateTexts("org").join()).toContain("could not get a private space");
  });

  it("reports missing permissions before starting", async () => {
    const h = createHarness();
    h.platform.readinessProblems = [
      { permission: "Create Private Threads", message: "Grant the bot Create Private Threads in #general" },
    ];
    expect(replyText(await h.command("org", "start", {}, true))).toContain(
      "Grant the bot Create Private Threads in #general",
    );
    expect(h.platform.channelPosts).toHaveLength(0);
  });

  it("counts messages per member in the space, never their text", async () => {
    const h = createHarness();
    await startWith(h, { rounds: 1, minutes: 3, lobby_minutes: 1 }, ["a", "b"]);
    await h.advance(1 * MIN);
    const space = h.platform.spaces[0]!;
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "a");
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "b");
    await h.bot.recordSpaceMessage("fake", h.community, space.spaceId, "outsider");
    await h.advance(3 * MIN + 3 * MIN);
    const events = await h.bot.engine.community.events("fake", h.community);
    const counted = events.find((e) => e.type === "messages-counted");
    expect(counted && "counts" in counted ? counted.counts : undefined).toEqual({ a: 1, b: 1 });
    expect(h.platform.privateTexts("org").join()).toContain("Conversations that happened: 1 of 1");
  });
});
