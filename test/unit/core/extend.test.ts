import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAction } from "../../../src/messages/actions.ts";
import { computeStats } from "../../../src/stats/compute.ts";
import { createSqliteStore } from "../../../src/store/sqlite.ts";
import type { FakeSpace } from "../../fakes/fake-platform.ts";
import { FakePlatform } from "../../fakes/fake-platform.ts";
import { createHarness, type Harness } from "../../fakes/harness.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";

const MIN = 60_000;

/** A Quick Meet of `people` in pairs, run to its first round's one-minute nudge. */
async function atNudge(people: string[], options: Record<string, unknown> = {}) {
  const h = createHarness();
  await h.command("org", "start", { rounds: 2, minutes: 5, lobby_minutes: 1, break_seconds: 30, ...options }, true);
  const join = h.lobby()!.message.buttons![0]![0]!.actionId;
  for (const m of people) await h.click(m, join);
  await h.advance(1 * MIN + 4 * MIN);
  return h;
}

const extendButton = (space: FakeSpace) => {
  const nudge = space.messages.find((m) => m.text.includes("One minute left"));
  const button = nudge?.buttons?.flat().find((b) => b.label === "Extend 5 minutes");
  if (!button) throw new Error(`no Extend button in ${space.title}`);
  return button.actionId;
};

const texts = (space: FakeSpace) => space.messages.map((m) => [m.title, m.text].filter(Boolean).join(" "));
const isClosing = (space: FakeSpace) => texts(space).some((t) => t.includes("time's up"));

async function extendAll(h: Harness, space: FakeSpace) {
  const id = extendButton(space);
  for (const m of space.members) expect((await h.click(m, id)).privateMessage).toBeUndefined();
}

describe("Extend 5 minutes", () => {
  it("offers the button with the one-minute nudge, and extends a group only when every member clicked", async () => {
    const h = await atNudge(["a", "b", "c", "d"]);
    const [first, second] = h.platform.spacesOfRound(1) as [FakeSpace, FakeSpace];
    const id = extendButton(first);
    expect(parseAction(id)).toMatchObject({ kind: "extend", round: 1 });
    const [x, y] = first.members as [string, string];
    await h.click(x, id);
    expect(texts(first).at(-1)).toBe(
      `<@${x}> would like five more minutes. <@${y}>: click **Extend 5 minutes** too and you get them.`,
    );
    expect((await h.click(x, id)).privateMessage?.text).toContain("already asked");
    expect((await h.click(second.members[0]!, id)).privateMessage?.text).toContain("Only the members");
    await h.click(y, id);
    expect(texts(first).at(-1)).toMatch(/Five more minutes: round 1 now ends for you at \d\d:\d\d UTC/);

    // At the round's end the other group closes; the extended one keeps talking for five more minutes.
    await h.advance(1 * MIN);
    expect(isClosing(second)).toBe(true);
    expect(texts(second).at(-1)).toContain("A group took five more minutes, so the next round starts");
    expect(isClosing(first)).toBe(false);
    expect((await h.click(y, id)).privateMessage?.text).toContain("already has its five more minutes");

    // The next round waits: no round 2 before the extension's end plus the break.
    await h.advance(4 * MIN + 59_000);
    expect(h.platform.spacesOfRound(2)).toHaveLength(0);
    expect(isClosing(first)).toBe(false);
    await h.advance(1_000);
    expect(isClosing(first)).toBe(true);
    expect(h.platform.spacesOfRound(2)).toHaveLength(0);
    await h.advance(30_000);
    expect(
      h.platform
        .spacesOfRound(2)
        .flatMap((s) => s.members)
        .sort(),
    ).toEqual(["a", "b", "c", "d"]);
  });

  it("gives each group its own answer window: the extended group's space closes ten minutes after its own closing", async () => {
    const h = await atNudge(["a", "b", "c", "d"], { rounds: 1 });
    const [first, second] = h.platform.spacesOfRound(1) as [FakeSpace, FakeSpace];
    await extendAll(h, first);
    await h.advance(1 * MIN + 10 * MIN);
    expect(second.closed).toBe(true);
    expect(first.closed).toBe(false);
    await h.advance(5 * MIN);
    expect(first.closed).toBe(true);
  });

  it("is refused before the last minute and after the round's end, and only once per round", async () => {
    const h = createHarness();
    await h.command("org", "start", { rounds: 1, minutes: 5, lobby_minutes: 1 }, true);
    const join = h.lobby()!.message.buttons![0]![0]!.actionId;
    for (const m of ["a", "b"]) await h.click(m, join);
    await h.advance(1 * MIN + 2 * MIN);
    const space = h.platform.spacesOfRound(1)[0]!;
    const sessionId = (parseAction(join) as { sessionId: string }).sessionId;
    const early = `qm:ext:${sessionId}:1:${"g1"}`;
    expect((await h.click("a", early)).privateMessage?.text).toContain("last minute only");
    await h.advance(2 * MIN);
    const id = extendButton(space);
    expect(id).toBe(early);
    await h.click("a", id);
    await h.advance(1 * MIN);
    // b never clicked: the round ended on time for both, and the button now says so.
    expect(isClosing(space)).toBe(true);
    expect((await h.click("b", id)).privateMessage?.text).toContain("can't be extended");
  });

  it("counts an extended group once in stats, with the messages written in its five more minutes", async () => {
    const h = await atNudge(["a", "b", "c", "d"], { rounds: 1 });
    const [first] = h.platform.spacesOfRound(1) as [FakeSpace];
    await extendAll(h, first);
    await h.advance(1 * MIN + 2 * MIN);
    // Written in the extension, past the round's end plus the usual grace: they count only because of it.
    for (const m of first.members) await h.bot.recordSpaceMessage("fake", h.community, first.spaceId, m);
    await h.advance(3 * MIN);
    const events = await h.bot.engine.community.events("fake", h.community);
    const counted = events.filter((e) => e.type === "messages-counted");
    expect(counted).toHaveLength(2);
    const mine = counted.find((e) => e.type === "messages-counted" && first.members[0]! in e.counts);
    expect(Object.values(mine?.type === "messages-counted" ? mine.counts : {}).reduce((x, y) => x + y, 0)).toBe(2);
    expect(events.filter((e) => e.type === "round-ended")).toHaveLength(1);
    const stats = computeStats(events, { period: "all", now: h.clock.now() });
    expect(stats.groups).toBe(2);
    expect(stats.conversations).toBe(1);
    expect(stats.rounds).toBe(1);
  });

  it("closes an extended group at once when the organizer ends the session, recording the round once", async () => {
    const h = await atNudge(["a", "b", "c", "d"]);
    const [first] = h.platform.spacesOfRound(1) as [FakeSpace];
    await extendAll(h, first);
    await h.advance(1 * MIN + 1 * MIN);
    expect(isClosing(first)).toBe(false);
    await h.command("org", "end", {}, true);
    expect(isClosing(first)).toBe(true);
    expect(texts(first).filter((t) => t.includes("time's up"))).toHaveLength(1);
    await h.advance(10 * MIN);
    expect(first.closed).toBe(true);
    const events = await h.bot.engine.community.events("fake", h.community);
    expect(events.filter((e) => e.type === "round-ended")).toHaveLength(1);
    expect(events.filter((e) => e.type === "messages-counted")).toHaveLength(2);
    expect(h.platform.spacesOfRound(2)).toHaveLength(0);
  });

  it("takes a member who leaves during the five more minutes out of the space, like one who leaves mid-round", async () => {
    const h = await atNudge(["a", "b", "c", "d"]);
    const [first] = h.platform.spacesOfRound(1) as [FakeSpace];
    await extendAll(h, first);
    await h.advance(1 * MIN + 1 * MIN);
    const [x, y] = first.members as [string, string];
    await h.command(x, "leave");
    expect(first.members).not.toContain(x);
    expect(texts(first).at(-1)).toContain(`<@${x}> left`);
    expect(h.platform.privateTexts(y).some((t) => t.includes("Your partner left"))).toBe(true);
  });

  it("ends the session after the extended group in the last round, and sends the summary once", async () => {
    const h = await atNudge(["a", "b", "c", "d"], { rounds: 1 });
    const [first] = h.platform.spacesOfRound(1) as [FakeSpace];
    await extendAll(h, first);
    await h.advance(1 * MIN + 5 * MIN);
    expect(isClosing(first)).toBe(true);
    expect(h.lobby()?.edits.at(-1)?.title).toBe("Quick Meet: ended");
    await h.advance(3 * MIN);
    expect(h.platform.privateTexts("org").filter((t) => t.includes("Quick Meet summary"))).toHaveLength(1);
  });

  it("survives a restart: the extension's end is a stored deadline, and nothing is posted twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quickmeet-extend-"));
    const file = join(dir, "quickmeet.sqlite");
    const platform = new FakePlatform();
    const first = createHarness({ store: createSqliteStore(file), platform });
    await first.bot.start();
    await first.command("org", "start", { rounds: 2, minutes: 5, lobby_minutes: 1, break_seconds: 30 }, true);
    const join_ = platform.channelPosts[0]!.message.buttons![0]![0]!.actionId;
    for (const m of ["a", "b", "c", "d"]) await first.click(m, join_);
    await first.advance(1 * MIN + 4 * MIN);
    const [mine, other] = platform.spacesOfRound(1) as [FakeSpace, FakeSpace];
    await extendAll(first, mine);
    await first.advance(1 * MIN + 1 * MIN);
    // The process dies in the five more minutes; a new one starts on the same file.
    first.bot.engine.jobs.stop();
    await first.store.close();
    const second = createHarness({
      store: createSqliteStore(file),
      platform,
      clock: new ManualClock(first.clock.now()),
    });
    await second.bot.start();
    await second.advance(4 * MIN - 1_000);
    expect(isClosing(mine)).toBe(false);
    await second.advance(1_000);
    expect(isClosing(mine)).toBe(true);
    await second.advance(30_000);
    expect(platform.spacesOfRound(2)).toHaveLength(2);
    for (const s of [mine, other]) expect(texts(s).filter((t) => t.includes("time's up"))).toHaveLength(1);
    await second.store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
