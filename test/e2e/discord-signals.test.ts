import { afterEach, describe, expect, it } from "vitest";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Runs a 1-round Quick Meet for `people` and returns the intro of the thread holding `who`. */
async function introFor(hh: DiscordHarness, people: readonly string[], who: string): Promise<string> {
  const { driver, organizer, channelId } = hh;
  await driver.member(organizer).runCommand("start", { rounds: 1, minutes: 3, lobby_minutes: 1 }).reply();
  await hh.settle();
  const lobby = driver.messages(channelId).findLast((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")));
  const join = lobby!.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
  for (const m of people) await driver.member(m).click(lobby!.id, join).reply();
  await hh.advance(MIN);
  const thread = driver.threads(channelId).findLast((t) => t.memberIds.includes(who));
  const intro = driver.messages(thread!.id)[0]?.content ?? "";
  await hh.advance(3 * MIN + 5 * MIN);
  return intro;
}

describe("interest roles on Discord (real discord.js ↔ emulator)", () => {
  it('names a shared role-menu role in the intro of two members without profiles; and "profile only" takes it out', async () => {
    h = await createDiscordHarness({ members: 2 });
    const { driver, members, organizer } = h;
    const [a, b] = members as [string, string];
    const podcasting = driver.addRole("Podcasting");
    const unchosen = driver.addRole("Night owls");
    // Roles picked after the bot connected reach it only through GUILD_MEMBER_UPDATE.
    driver.setRoles(a, [podcasting, unchosen]);
    driver.setRoles(b, [podcasting, unchosen]);
    await h.settle();
    const config = await driver
      .member(organizer)
      .runCommand("config", { add_interest: `<@&${podcasting}> Podcasting` })
      .reply();
    expect(config.content).toContain("Now counts as an interest");

    // Nothing known but roles: the intro says where the common ground comes from, and nothing unchosen shows.
    const intro = await introFor(h, [a, b], a);
    expect(intro).toContain("You both have the Podcasting role");
    expect(intro).not.toContain("Night owls");

    // What the bot uses, and the switch.
    const shown = await driver.member(a).runCommand("profile", { profile_only: "on" }).reply();
    expect(shown.content).toContain("Profile only");
    const again = await introFor(h, [a, b], a);
    expect(again).not.toContain("Podcasting");
    expect(again).toContain("find three things");
    const back = await driver.member(a).runCommand("profile", { profile_only: "off" }).reply();
    expect(back.content).toContain("the Podcasting role");
  });
});
