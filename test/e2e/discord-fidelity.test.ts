import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Every member fills a profile through the slash command's options, then the organizer runs a session of one round. */
async function roundWithProfiles(harness: DiscordHarness, profile: (i: number) => Record<string, string>) {
  const { driver, members, organizer, channelId } = harness;
  for (const [i, m] of members.entries()) {
    const reply = await driver.member(m).runCommand("profile", profile(i)).reply();
    expect(reply.content).not.toMatch(/check the options/);
  }
  await driver.member(organizer).runCommand("start", { rounds: 1, minutes: 5, lobby_minutes: 1 }).reply();
  await harness.settle();
  const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
  const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
  for (const m of members) await driver.member(m).click(lobby.id, join).reply();
  await harness.advance(1 * MIN);
  await harness.settle();
}

describe("Discord fidelity (real discord.js ↔ strict emulator)", () => {
  it("keeps the question of a full-profile trio's intro: long intros are split, never cut", async () => {
    h = await createDiscordHarness({ members: 3 });
    const long = (what: string, n: number) => `${what} ${"ü".repeat(n)}`.slice(0, n);
    await roundWithProfiles(h, (i) => ({
      interests: Array.from({ length: 14 }, (_, k) => `${k === 0 ? "jazz" : `interest number ${i}-${k}`}`).join(", "),
      field: long(`Field of member ${i}`, 80),
      city: long(`City ${i}`, 80),
      looking_for: "mentor, collaborators, friends",
      fun_fact: long(`A fun fact <@${h!.organizer}> @everyone **${i}**`, 200),
    }));
    const [thread] = h.driver.threads();
    expect(thread?.memberIds).toHaveLength(4);
    const posted = h.driver.messages(thread!.id);
    // One intro over several messages, each within Discord's 2,000 characters, in order.
    const intro = posted.map((m) => m.content).join("\n");
    expect(posted.every((m) => m.content.length <= 2_000)).toBe(true);
    expect(intro).toContain("**What you share:**");
    expect(intro).toMatch(/\*\*Start here:\*\* \S/);
    expect(intro.indexOf("Start here")).toBeLessThan(intro.indexOf("About you"));
    expect(intro).toContain("The Quick Meets rule");
    for (const m of h.members) expect(intro).toContain(`<@${m}>: Field of member`);
  });

  it("never turns profile text into a mention: only the group's members are notified by an intro", async () => {
    h = await createDiscordHarness({ members: 2 });
    const { organizer } = h;
    await roundWithProfiles(h, (i) => ({
      interests: "jazz",
      fun_fact: `ping <@${organizer}> and @everyone and @here, **loudly** [here](https://x.invalid) ${i}`,
    }));
    const [thread] = h.driver.threads();
    const intro = h.emu.state.messagesIn(thread!.id)[0]!;
    expect(intro.mentions.sort()).toEqual([...h.members].sort());
    expect(intro.mentionEveryone).toBe(false);
    // Shown as typed: Discord renders a backslash-escaped character as the character itself.
    expect(intro.content.replace(/\\(.)/g, "$1")).toContain(
      `ping <@${organizer}> and @everyone and @here, **loudly** [here](https://x.invalid)`,
    );
  });

  it("refuses what Discord refuses: a click in a locked thread, a response there, locking an archived thread", async () => {
    h = await createDiscordHarness({ members: 2 });
    await roundWithProfiles(h, () => ({ interests: "jazz" }));
    const { driver, emu } = h;
    const [thread] = driver.threads();
    await h.advance(5 * MIN);
    await h.settle();
    const closing = driver.messages(thread!.id).at(-1)!;
    const ok = closing.buttons.find((b) => b.customId.endsWith(":ok"))!.customId;
    // Inside the answer window the buttons work.
    expect((await driver.member(h.members[0]!).click(closing.id, ok).reply()).content.toLowerCase()).toContain("thank");
    await h.advance(10 * MIN);
    await h.settle();
    expect(driver.threads()[0]).toMatchObject({ locked: true, archived: true });
    expect(() => driver.member(h!.members[1]!).click(closing.id, ok)).toThrow(/disabled/);
    // Even delivered by a client that did not disable the button, the bot's response fails with 50083.
    driver.deliver("component", h.members[1]!, thread!.id, { custom_id: ok, component_type: 2 }, closing.id);
    await driver.waitFor(() => emu.requestLog.some((r) => r.code === 50083), "a 50083 answer");
  });
});
