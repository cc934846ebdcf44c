import { ChannelType, PermissionFlagsBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { VOICE_INVITE_PERMISSIONS } from "../../adapters/discord/invite.ts";
import { createDiscordHarness, type DiscordHarness } from "../emulators/discord/harness.ts";

const MIN = 60_000;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const button = (buttons: Array<{ customId: string }>, prefix: string, suffix = "") =>
  buttons.find((b) => b.customId.startsWith(prefix) && b.customId.endsWith(suffix))?.customId ?? "";
const has = (bits: bigint, flag: bigint) => (bits & flag) === flag;

/** Starts a voice session and lets every member join through the lobby button; returns the lobby message. */
async function startVoice(harness: DiscordHarness, rounds = 2) {
  const { driver, organizer, members, channelId } = harness;
  const started = await driver
    .member(organizer)
    .runCommand("start", { rounds, minutes: 3, lobby_minutes: 1, break_seconds: 30, mode: "voice" })
    .reply();
  expect(started.content).toContain("Quick Meet started");
  await harness.settle();
  const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
  for (const m of members) await driver.member(m).click(lobby.id, button(lobby.buttons, "qm:join:")).reply();
  await harness.settle();
  return lobby;
}

/** The voice rooms the bot made: voice channels inside its "Quick Meet" category. */
function rooms(harness: DiscordHarness) {
  const { driver } = harness;
  const categories = driver.guildChannels(ChannelType.GuildCategory).filter((c) => c.name.startsWith("Quick Meet"));
  return driver
    .guildChannels(ChannelType.GuildVoice)
    .filter((c) => categories.some((k) => k.id === c.parentId))
    .map((c) => ({
      ...c,
      memberIds: c.overwrites
        .filter((o) => o.type === 1 && o.id !== harness.emu.botUserId && has(o.allow, PermissionFlagsBits.Connect))
        .map((o) => o.id),
    }));
}

describe("voice rounds on Discord (real discord.js ↔ emulator)", () => {
  it("names the missing voice permissions before the session starts, and creates nothing", async () => {
    // The default invite: no Manage Channels, no Move Members.
    h = await createDiscordHarness({ members: 3 });
    const { driver, organizer, channelId } = h;
    const reply = await driver.member(organizer).runCommand("start", { mode: "voice" }).reply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("Grant the bot Manage Channels");
    expect(reply.content).toContain("Grant the bot Move Members");
    expect(reply.content).not.toContain("Grant the bot Connect");
    await h.settle();
    expect(driver.messages(channelId).filter((m) => m.buttons.length > 0)).toEqual([]);
    expect(driver.guildChannels(ChannelType.GuildVoice)).toEqual([]);
    expect(driver.guildChannels(ChannelType.GuildCategory)).toEqual([]);
  });

  it("runs 2 rounds for 7 members in private voice rooms: overwrites, moves in and back, rooms deleted, a leaver, voice minutes in stats", async () => {
    h = await createDiscordHarness({ members: 7, emulator: { botPermissions: VOICE_INVITE_PERMISSIONS } });
    const { driver, organizer, members, emu } = h;
    // The organizer sits in a voice channel: it becomes the lobby. Six members wait there; the seventh is not in voice.
    const hangout = driver.addVoiceChannel("Hangout");
    driver.joinVoice(organizer, hangout);
    const inLobby = members.slice(0, 6);
    const away = members[6]!;
    for (const m of inLobby) driver.joinVoice(m, hangout);
    await h.settle();
    const lobby = await startVoice(h);
    expect(driver.messages(h.channelId).find((m) => m.id === lobby.id)?.content).toContain(`<#${hangout}>`);

    const seen = new Set<string>();
    let leaver: string | undefined;
    let leaverPartner: string | undefined;
    for (let round = 1; round <= 2; round++) {
      await h.advance(round === 1 ? 1 * MIN : 30_000);
      const open = rooms(h).filter((r) => !seen.has(r.id));
      for (const r of open) seen.add(r.id);
      expect(open.map((r) => r.memberIds.length).sort()).toEqual([2, 2, 3]);
      expect(open.flatMap((r) => r.memberIds).sort()).toEqual([...members].sort());
      for (const room of open) {
        // Nobody but the group and the bot can see or join the room.
        const everyone = room.overwrites.find((o) => o.id === emu.guildId)!;
        expect(has(everyone.deny, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.Connect)).toBe(true);
        for (const other of [...members, organizer].filter((u) => !room.memberIds.includes(u)))
          expect(emu.state.canView(room.id, other)).toBe(false);
        for (const m of room.memberIds) expect(emu.state.canView(room.id, m)).toBe(true);
        // The intro (common ground + question) is in the room's text chat.
        const intro = driver.messages(room.id)[0]!;
        expect(intro.content).toContain(`Round ${round} of 2`);
        for (const m of room.memberIds) expect(intro.content).toContain(`<@${m}>`);
        // Members who sat in the lobby were moved in; the one who was not got the room's link and joins by it (and,
        // moved back to the lobby after round 1 like everyone, is moved in with the others in round 2).
        for (const m of room.memberIds) {
          if (m === away && round === 1) {
            expect(driver.voiceChannelOf(m)).not.toBe(room.id);
            const link = driver.dms(m).findLast((d) => d.content.includes("your voice room is open"));
            expect(link?.content).toContain(`https://discord.com/channels/${emu.guildId}/${room.id}`);
            driver.joinVoice(m, room.id);
          } else expect(driver.voiceChannelOf(m)).toBe(room.id);
        }
      }
      // Messages typed in a room's text chat are counted like thread messages (round 1: one per room).
      if (round === 1) for (const room of open) driver.member(room.memberIds[0]!).say(room.id, "hello from voice");
      await h.settle();
      if (round === 2) {
        // A member of a pair hangs up mid-round: handled like a member who leaves.
        const pair = open.find((r) => r.memberIds.length === 2 && !r.memberIds.includes(away))!;
        [leaver, leaverPartner] = pair.memberIds as [string, string];
        await h.advance(1 * MIN);
        driver.leaveVoice(leaver);
        await h.settle();
        expect(driver.dms(leaver).at(-1)?.content).toContain("You left your voice room");
        expect(driver.dms(leaverPartner).some((d) => d.content.toLowerCase().includes("left"))).toBe(true);
        expect(driver.messages(pair.id).some((m) => m.content.includes(`<@${leaver}>`))).toBe(true);
        await h.advance(1 * MIN);
      } else await h.advance(2 * MIN);
      // "One minute left" in every room still holding a group (the leaver's partner, alone, was told instead).
      for (const room of open.filter((r) => !r.memberIds.includes(leaver ?? "")))
        expect(driver.messages(room.id).at(-1)?.content).toContain("One minute left");
      await h.advance(1 * MIN);
      // Time's up: everyone still in a room is back in the lobby, and the rooms are gone.
      expect(rooms(h).filter((r) => open.some((o) => o.id === r.id))).toEqual([]);
      for (const m of members.filter((x) => x !== leaver)) expect(driver.voiceChannelOf(m)).toBe(hangout);
      // The feedback buttons come by DM, where they keep working after the room is deleted.
      const someone = open.flatMap((r) => r.memberIds).find((m) => m !== leaver)!;
      const closing = driver.dms(someone).findLast((d) => d.content.includes(`Round ${round}: time's up`))!;
      const thanks = await driver
        .member(someone)
        .click(closing.id, button(closing.buttons, "qm:fb:", ":great"))
        .reply();
      expect(thanks.content.toLowerCase()).toContain("thank");
    }
    expect(leaver).toBeDefined();
    expect(driver.voiceChannelOf(leaver!)).toBeUndefined();

    // The summary counts conversations by time together in the rooms: all six (the leaver's pair talked a minute).
    await h.advance(3 * MIN);
    const summary = driver.dms(organizer).find((m) => m.content.includes("Quick Meet summary"));
    expect(summary?.content).toContain("Conversations that happened:** 6 of 6");
    // The organizer's own voice channel stays; the category stays for the next session; no room is left.
    expect(driver.guildChannels(ChannelType.GuildVoice).map((c) => c.id)).toEqual([hangout]);
    const stats = await driver.member(organizer).runCommand("stats", { period: "last-session" }).reply();
    // 5 full rooms of 3 minutes + the leaver's room of 1 minute = 16 minutes together in 6 rooms.
    expect(stats.content).toContain("16 min together in 6 voice rooms");
    expect(stats.content).toContain("(3 in 6 groups)");
    expect(driver.rateLimitStats().limited).toBe(0);
  }, 60_000);

  it("makes a lobby voice channel when the organizer is not in voice, and removes it after the session", async () => {
    h = await createDiscordHarness({ members: 2, emulator: { botPermissions: VOICE_INVITE_PERMISSIONS } });
    const { driver, members } = h;
    await startVoice(h, 1);
    const made = driver.guildChannels(ChannelType.GuildVoice).find((c) => c.name === "Quick Meet lobby");
    expect(made).toBeDefined();
    expect(made?.parentId).toBeNull();
    for (const m of members) driver.joinVoice(m, made!.id);
    await h.advance(1 * MIN);
    const [room] = rooms(h);
    for (const m of members) expect(driver.voiceChannelOf(m)).toBe(room!.id);
    await h.advance(3 * MIN);
    for (const m of members) expect(driver.voiceChannelOf(m)).toBe(made!.id);
    await h.advance(3 * MIN);
    expect(driver.guildChannels(ChannelType.GuildVoice)).toEqual([]);
    for (const m of members) expect(driver.voiceChannelOf(m)).toBeUndefined();
  }, 30_000);
});
