import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const button = (buttons: Array<{ customId: string }>, prefix: string) =>
  buttons.find((b) => b.customId.startsWith(prefix))?.customId ?? "";

describe("video links and five more minutes on Discord (real discord.js ↔ emulator)", () => {
  it("shows each thread's video room as a link button, and extends the thread whose members all click Extend", async () => {
    h = await createDiscordHarness({ members: 4 });
    const { driver, members, organizer, channelId, emu } = h;
    const set = await driver
      .member(organizer)
      .runCommand("config", { video_link: "https://meet.jit.si/{community}-{session}-{group}" })
      .reply();
    expect(set.content).toContain("Intros now carry each group's video link");

    await driver
      .member(organizer)
      .runCommand("start", { rounds: 2, minutes: 3, lobby_minutes: 1, break_seconds: 30 })
      .reply();
    await h.settle();
    const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
    for (const m of members) await driver.member(m).click(lobby.id, button(lobby.buttons, "qm:join:")).reply();
    await h.advance(1 * MIN);
    const threads = driver.threads(channelId);
    expect(threads).toHaveLength(2);
    const rooms = threads.map((t) => driver.messages(t.id)[0]!.links);
    for (const links of rooms) {
      expect(links).toHaveLength(1);
      expect(links[0]?.label).toBe("Join the video room");
      expect(links[0]?.url).toMatch(/^https:\/\/meet\.jit\.si\/[a-z0-9-]+-[0-9a-f]{20}-r1g[12]$/);
    }
    expect(new Set(rooms.map((l) => l[0]?.url)).size).toBe(2);

    const [mine, other] = threads as [(typeof threads)[0], (typeof threads)[0]];
    const [a, b] = mine.memberIds.filter((u) => u !== emu.botUserId) as [string, string];
    for (const m of [a, b]) driver.member(m).say(mine.id, "hello");
    await h.advance(2 * MIN);
    const nudge = driver.messages(mine.id).at(-1)!;
    expect(nudge.content).toContain("One minute left");
    const extend = button(nudge.buttons, "qm:ext:");
    expect(extend).not.toBe("");
    // A vote is answered in the thread, not privately: the click is acknowledged as an update.
    expect(await driver.member(a).click(nudge.id, extend).acked()).toBeLessThan(3_000);
    await h.settle();
    expect(driver.messages(mine.id).at(-1)?.content).toContain(`<@${a}> would like five more minutes`);
    // Nobody outside the group can even see the thread, so only its members can vote.
    const outsider = other.memberIds.find((u) => u !== emu.botUserId)!;
    expect(() => driver.member(outsider).click(nudge.id, extend)).toThrow(/cannot see/);
    await driver.member(b).click(nudge.id, extend).acked();
    await h.settle();
    expect(driver.messages(mine.id).at(-1)?.content).toContain("Five more minutes: round 1 now ends for you at");

    await h.advance(1 * MIN);
    expect(driver.messages(other.id).at(-1)?.content).toContain("Round 1: time's up");
    expect(driver.messages(mine.id).at(-1)?.content).not.toContain("time's up");
    await h.advance(5 * MIN);
    expect(driver.messages(mine.id).at(-1)?.content).toContain("Round 1: time's up");
    expect(driver.threads(channelId)).toHaveLength(2);
    await h.advance(30_000);
    const round2 = driver.threads(channelId).filter((t) => !threads.some((x) => x.id === t.id));
    expect(round2.flatMap((t) => t.memberIds.filter((u) => u !== emu.botUserId)).sort()).toEqual([...members].sort());

    // Each thread closes ten minutes after its own closing message; the extended one five minutes later.
    await h.advance(5 * MIN);
    await h.settle();
    const byId = (id: string) => driver.threads(channelId).find((t) => t.id === id)!;
    expect(byId(other.id).locked).toBe(true);
    expect(byId(mine.id).locked).toBe(false);
    await h.advance(5 * MIN);
    await h.settle();
    expect(byId(mine.id).locked).toBe(true);
    const late = [...emu.state.interactions.values()].filter(
      (i) => i.ackedAtMs === null || i.ackedAtMs - i.createdAtMs > 3_000,
    );
    expect(late).toEqual([]);
  }, 45_000);
});
