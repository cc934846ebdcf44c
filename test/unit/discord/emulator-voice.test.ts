import { ChannelType, PermissionFlagsBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { VOICE_INVITE_PERMISSIONS } from "../../../adapters/discord/invite.ts";
import { type DiscordEmulator, startDiscordEmulator } from "../../emulators/discord/index.ts";
import { type BucketName, DEFAULT_BUCKETS } from "../../emulators/discord/rate-limits.ts";

/**
 * Voice in the Discord emulator follows Discord's rules: Create Guild Channel (Manage Channels, overwrites within the
 * bot's own rights, 50 per category, 500 per guild), Modify Guild Member `channel_id` (Move Members + Connect, 40032
 * for someone not in voice), Delete Channel (disconnects the room), and voice states over the gateway.
 */
let emu: DiscordEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(botPermissions = VOICE_INVITE_PERMISSIONS) {
  const buckets = Object.fromEntries(
    Object.keys(DEFAULT_BUCKETS).map((b) => [b, { limit: 10_000, windowMs: 1_000 }]),
  ) as Record<BucketName, { limit: number; windowMs: number }>;
  emu = await startDiscordEmulator({ botPermissions, rateLimits: { globalPerSecond: 10_000, buckets } });
  return emu;
}

async function call(e: DiscordEmulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${e.token}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const createChannel = (e: DiscordEmulator, body: Record<string, unknown>) =>
  call(e, "POST", `/guilds/${e.guildId}/channels`, body);

describe("the Discord emulator's voice channels", () => {
  it("refuses to create a channel without Manage Channels (50013)", async () => {
    const e = await start(VOICE_INVITE_PERMISSIONS & ~PermissionFlagsBits.ManageChannels);
    const r = await createChannel(e, { name: "room", type: ChannelType.GuildVoice });
    expect([r.status, r.body.code]).toEqual([403, 50013]);
  });

  it("refuses an overwrite granting a right the bot does not hold (50013)", async () => {
    const e = await start();
    const r = await createChannel(e, {
      name: "room",
      type: ChannelType.GuildVoice,
      permission_overwrites: [{ id: e.ownerId, type: 1, allow: String(PermissionFlagsBits.BanMembers), deny: "0" }],
    });
    expect([r.status, r.body.code]).toEqual([403, 50013]);
  });

  it("refuses a name over 100 characters and a 51st channel in a category (50035)", async () => {
    const e = await start();
    const long = await createChannel(e, { name: "x".repeat(101), type: ChannelType.GuildVoice });
    expect([long.status, long.body.code]).toEqual([400, 50035]);
    const category = await createChannel(e, { name: "Quick Meet", type: ChannelType.GuildCategory });
    for (let i = 0; i < 50; i++) {
      const ok = await createChannel(e, { name: `r${i}`, type: ChannelType.GuildVoice, parent_id: category.body.id });
      expect(ok.status).toBe(201);
    }
    const full = await createChannel(e, { name: "r50", type: ChannelType.GuildVoice, parent_id: category.body.id });
    expect([full.status, full.body.code]).toEqual([400, 50035]);
    expect(JSON.stringify(full.body.errors)).toContain("CHANNEL_PARENT_MAX_CHANNELS");
  });

  it("refuses a 501st channel in the guild (30013)", async () => {
    const e = await start();
    // The guild starts with #general; 499 more reach Discord's 500.
    for (let i = 0; i < 499; i++)
      e.state.newChannel({ type: ChannelType.GuildVoice, name: `v${i}`, guildId: e.guildId });
    const r = await createChannel(e, { name: "one too many", type: ChannelType.GuildVoice });
    expect([r.status, r.body.code]).toEqual([400, 30013]);
  });

  it("moves only members connected to voice (40032), with Move Members, and a deleted room disconnects them", async () => {
    const e = await start();
    const member = e.addMember({ username: "m" });
    const lobby = e.driver.addVoiceChannel("Lobby");
    const room = await createChannel(e, {
      name: "room",
      type: ChannelType.GuildVoice,
      permission_overwrites: [
        {
          id: e.guildId,
          type: 0,
          allow: "0",
          deny: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.Connect),
        },
        {
          id: member,
          type: 1,
          allow: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.Connect),
          deny: "0",
        },
        {
          id: e.botUserId,
          type: 1,
          allow: String(
            PermissionFlagsBits.ViewChannel |
              PermissionFlagsBits.Connect |
              PermissionFlagsBits.MoveMembers |
              PermissionFlagsBits.ManageChannels,
          ),
          deny: "0",
        },
      ],
    });
    const roomId = String(room.body.id);
    // Without its own overwrite the bot cannot see the private room either: Discord answers 404 Unknown Channel.
    const hidden = await createChannel(e, {
      name: "hidden",
      type: ChannelType.GuildVoice,
      permission_overwrites: [{ id: e.guildId, type: 0, allow: "0", deny: String(PermissionFlagsBits.ViewChannel) }],
    });
    const notInVoice = await call(e, "PATCH", `/guilds/${e.guildId}/members/${member}`, { channel_id: roomId });
    expect([notInVoice.status, notInVoice.body.code]).toEqual([400, 40032]);
    e.driver.joinVoice(member, lobby);
    const intoHidden = await call(e, "PATCH", `/guilds/${e.guildId}/members/${member}`, { channel_id: hidden.body.id });
    expect([intoHidden.status, intoHidden.body.code]).toEqual([404, 10003]);
    // Only the group sees the room: the server owner is an administrator, so take an ordinary member.
    const outsider = e.addMember({ username: "o" });
    expect(() => e.driver.joinVoice(outsider, roomId)).toThrow(/may not connect/);
    const moved = await call(e, "PATCH", `/guilds/${e.guildId}/members/${member}`, { channel_id: roomId });
    expect(moved.status).toBe(200);
    expect(e.driver.voiceChannelOf(member)).toBe(roomId);
    const deleted = await call(e, "DELETE", `/channels/${roomId}`);
    expect(deleted.status).toBe(200);
    expect(e.driver.voiceChannelOf(member)).toBeUndefined();
  });

  it("refuses a move without Move Members (50013)", async () => {
    const e = await start(VOICE_INVITE_PERMISSIONS & ~PermissionFlagsBits.MoveMembers);
    const member = e.addMember({ username: "m" });
    const a = e.driver.addVoiceChannel("A");
    const b = e.driver.addVoiceChannel("B");
    e.driver.joinVoice(member, a);
    const r = await call(e, "PATCH", `/guilds/${e.guildId}/members/${member}`, { channel_id: b });
    expect([r.status, r.body.code]).toEqual([403, 50013]);
    expect(e.driver.voiceChannelOf(member)).toBe(a);
  });
});
