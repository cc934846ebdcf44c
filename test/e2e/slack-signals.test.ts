import { afterEach, describe, expect, it } from "vitest";
import { actionOn, shownText } from "../emulators/slack/find.ts";
import { createSlackHarness, type SlackHarness } from "../emulators/slack/harness.ts";

const MIN = 60_000;
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Runs a 1-round Quick Meet for `people`; returns the intro of the group DM holding `who`, shown as Slack shows it. */
async function introFor(hh: SlackHarness, people: readonly string[], who: string): Promise<string> {
  const { emu, driver, organizer, channelId } = hh;
  // Slack hands back the same group DM for the same people, so the intro is the first message new in the room.
  const seen = new Map(emu.mpims().map((c) => [c.id, emu.messagesIn(c.id).length]));
  await hh.command(organizer, "start rounds:1 minutes:3 lobby_minutes:1");
  const lobby = emu.messagesIn(channelId).findLast((m) => shownText(m).includes("Quick Meet"));
  for (const m of people) await driver.click(m, lobby!, actionOn(lobby, "qm:join:"));
  await hh.settle();
  await hh.advance(MIN);
  const room = emu.mpims().find((c) => c.members.includes(who) && emu.messagesIn(c.id).length > (seen.get(c.id) ?? 0));
  const message = room ? emu.messagesIn(room.id)[seen.get(room.id) ?? 0] : undefined;
  if (!message) throw new Error(`no intro for ${who}`);
  const intro = shownText(message);
  await hh.advance(8 * MIN);
  return intro;
}

describe("interest channels on Slack (real @slack/bolt ↔ emulator)", () => {
  it("names a shared public channel in the intro of two members without profiles; profile only and forget-me", async () => {
    h = await createSlackHarness({ mode: "http", members: 2 });
    const { emu, members, organizer } = h;
    const [a, b] = members as [string, string];
    const podcasting = emu.workspace.addChannel("podcasting", "channel", [a, b]);
    // A private channel both are in: even chosen, it never counts.
    const secret = emu.workspace.addChannel("secret-club", "private", [a, b, emu.botUserId]);
    await h.command(organizer, `config add_interest:<#${podcasting.id}|podcasting>`);
    await h.command(organizer, `config add_interest:"<#${secret.id}|secret-club> secrets"`);

    const intro = await introFor(h, [a, b], a);
    expect(intro).toContain("You're both in #podcasting");
    expect(intro).not.toContain("secret");
    // One listing per chosen public channel, read with conversations.members; the private one is never listed.
    const listed = emu.requests("conversations.members").map((r) => r.channel ?? "");
    expect(listed).toContain(podcasting.id);
    expect(listed).not.toContain(secret.id);

    // "profile only" takes the channel out of a's intros.
    await h.command(a, "profile profile_only:on");
    expect(emu.ephemeralsFor(a).at(-1)?.text).toContain("Profile only");
    const without = await introFor(h, [a, b], a);
    expect(without).not.toContain("podcasting");

    // forget-me: the adapter's cached channel lists no longer hold a (until Slack is read again after the TTL).
    await h.command(b, "forget-me confirm:yes");
    await h.command(a, "profile profile_only:off");
    const listedBefore = emu.requests("conversations.members").length;
    const afterForget = await introFor(h, [a, b], a);
    expect(emu.requests("conversations.members").length).toBe(listedBefore);
    expect(afterForget).not.toContain("podcasting");
  });

  it("uses the Slack profile's job title and time zone for empty profile fields once an organizer turns it on", async () => {
    h = await createSlackHarness({ mode: "http", members: 2 });
    const { emu, driver, members, organizer } = h;
    const [a, b] = members as [string, string];
    // Titles set after the bot warmed its directory reach it through user_change.
    await driver.updateProfile(a, { title: "Data journalist", tz: "Europe/Berlin" });
    await driver.updateProfile(b, { title: "data journalist", tz: "Europe/Berlin" });
    await h.settle();

    const off = await introFor(h, [a, b], a);
    expect(off).not.toContain("journalist");

    await h.command(organizer, "config platform_profile:on");
    await h.command(a, "profile profile_only:off");
    expect(emu.ephemeralsFor(a).at(-1)?.text).toContain("your title (Data journalist)");
    const on = await introFor(h, [a, b], a);
    // The label is the first member's own spelling: either title, whatever the group's order.
    expect(on.toLowerCase()).toContain("you both: data journalist");
    expect(on).toContain("Same time zone: Europe/Berlin");
  });
});
