import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const pairsOf = (groups: string[][]) =>
  groups.flatMap((g) => g.flatMap((a, i) => g.slice(i + 1).map((b) => [a, b].sort().join("+"))));
const button = (buttons: Array<{ customId: string }>, prefix: string, suffix = "") =>
  buttons.find((b) => b.customId.startsWith(prefix) && b.customId.endsWith(suffix))?.customId ?? "";

describe("a whole Quick Meet on Discord (real discord.js ↔ emulator)", () => {
  it("runs 2 rounds for 7 members in private threads: trio, intros with common ground, nudge, lock/archive, feedback, connection", async () => {
    h = await createDiscordHarness({ members: 7 });
    const { driver, members, organizer, channelId, emu } = h;

    // Profiles through the modal: everyone shares "jazz" so intros have common ground to show.
    for (const [i, m] of members.entries()) {
      const opener = driver.member(m).runCommand("profile");
      await opener.modal();
      const saved = driver.member(m).submitModal(opener, { interests: `jazz, topic${i}`, field: "Public relations" });
      expect((await saved.reply()).ephemeral).toBe(true);
    }

    const start = driver
      .member(organizer)
      .runCommand("start", { rounds: 2, minutes: 3, lobby_minutes: 1, break_seconds: 30 });
    const started = await start.reply();
    expect(started.ephemeral).toBe(true);
    expect(started.content).toContain("Quick Meet started");
    await h.settle();
    const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")));
    expect(lobby).toBeDefined();
    const join = button(lobby!.buttons, "qm:join:");
    for (const m of members) {
      const click = driver.member(m).click(lobby!.id, join);
      expect((await click.reply()).content).toContain("You're in");
    }
    await h.advance(5_000);
    // The lobby is a live countdown: the same message edited, never a new one.
    const edited = driver.messages(channelId).find((m) => m.id === lobby!.id)!;
    expect(edited.editCount).toBeGreaterThan(0);
    expect(edited.content).toContain("7 people");
    expect(
      driver.messages(channelId).filter((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:"))),
    ).toHaveLength(1);

    const seenPairs: string[] = [];
    const seenThreads = new Set<string>();
    for (let round = 1; round <= 2; round++) {
      await h.advance(round === 1 ? 1 * MIN - 5_000 : 30_000);
      const threads = driver.threads(channelId).filter((t) => !seenThreads.has(t.id));
      for (const t of threads) seenThreads.add(t.id);
      const groups = threads.map((t) => t.memberIds.filter((u) => u !== emu.botUserId));
      expect(groups.map((g) => g.length).sort()).toEqual([2, 2, 3]);
      expect(groups.flat().sort()).toEqual([...members].sort());
      seenPairs.push(...pairsOf(groups));
      for (const thread of threads) {
        expect(thread.type).toBe(12);
        expect(thread.invitable).toBe(false);
        const people = thread.memberIds.filter((u) => u !== emu.botUserId);
        // Only the group's members (and the bot) can see the thread.
        for (const other of [...members, organizer].filter((u) => !people.includes(u))) {
          expect(emu.state.canView(thread.id, other)).toBe(false);
        }
        const intro = driver.messages(thread.id)[0]!;
        expect(intro.content).toContain(`Round ${round} of 2`);
        expect(intro.content.toLowerCase()).toContain("jazz");
        for (const m of people) expect(intro.content).toContain(`<@${m}>`);
        for (const m of people) driver.member(m).say(thread.id, "hi there");
      }
      await h.settle();
      await h.advance(2 * MIN);
      for (const thread of threads) expect(driver.messages(thread.id).at(-1)?.content).toContain("One minute left");
      await h.advance(1 * MIN);
      for (const thread of driver.threads(channelId).filter((t) => threads.some((x) => x.id === t.id))) {
        // Still open: Discord disables the buttons of a locked thread, so it closes after the answer window.
        expect(thread.locked).toBe(false);
        expect(thread.archived).toBe(false);
        expect(thread.autoArchiveDuration).toBe(60);
        const closing = driver.messages(thread.id).at(-1)!;
        expect(closing.content).toContain(`Round ${round}: time's up`);
        expect(button(closing.buttons, "qm:fb:", ":great")).not.toBe("");
      }

      if (round === 1) {
        const trio = threads.find((t) => t.memberIds.length === 4)!;
        const [a, b] = trio.memberIds.filter((u) => u !== emu.botUserId) as [string, string];
        const closing = driver.messages(trio.id).at(-1)!;
        const thanks = await driver
          .member(a)
          .click(closing.id, button(closing.buttons, "qm:fb:", ":great"))
          .reply();
        expect(thanks.content.toLowerCase()).toContain("thank");
        await driver
          .member(a)
          .click(closing.id, button(closing.buttons, "qm:sit:", ":y"))
          .reply();
        await h.settle();
        expect(driver.dms(a).some((m) => m.content.includes("You made a connection"))).toBe(false);
        // The second yes is answered with the connection itself; the first clicker hears it by DM.
        const made = await driver
          .member(b)
          .click(closing.id, button(closing.buttons, "qm:sit:", ":y"))
          .reply();
        expect(made.content).toContain("You made a connection");
        expect(made.content).toContain(`<@${a}>`);
        await h.settle();
        const news = driver.dms(a).find((m) => m.content.includes("You made a connection"));
        expect(news?.content).toContain(`<@${b}>`);
      }
    }
    expect(new Set(seenPairs).size).toBe(seenPairs.length);
    // The organizer's summary waits a few minutes for the last round's feedback.
    await h.advance(3 * MIN);
    const summary = driver.dms(organizer).find((m) => m.content.includes("Quick Meet summary"));
    // Thread messages were counted through MESSAGE_CREATE (without Message Content): every conversation happened.
    expect(summary?.content).toContain("Conversations that happened:** 6 of 6");
    expect(summary?.content).toContain("Connections made:** 1");
    // Ten minutes after each closing message, the thread is locked and archived; its buttons are dead from then on.
    await h.advance(7 * MIN);
    await h.settle();
    const closed = driver.threads(channelId);
    expect(closed.length).toBe(6);
    for (const t of closed) expect([t.locked, t.archived]).toEqual([true, true]);
    const last = closed.at(-1)!;
    const lastClosing = driver.messages(last.id).at(-1)!;
    const someone = last.memberIds.find((u) => u !== emu.botUserId)!;
    expect(() => driver.member(someone).click(lastClosing.id, button(lastClosing.buttons, "qm:fb:", ":ok"))).toThrow(
      /disabled/,
    );
    // Every interaction was acknowledged inside Discord's window, and nothing was rate limited.
    const late = [...emu.state.interactions.values()].filter(
      (i) => i.ackedAtMs === null || i.ackedAtMs - i.createdAtMs > 3_000,
    );
    expect(late).toEqual([]);
    expect(driver.rateLimitStats().limited).toBe(0);
  }, 45_000);
});
