import { VOICE_INVITE_PERMISSIONS } from "../adapters/discord/invite.ts";
import { createDiscordHarness } from "../test/emulators/discord/harness.ts";
import { lowerBoundMs } from "../test/emulators/discord/rate-limits.ts";
import type { BenchRow } from "./types.ts";

const MIN = 60_000;

/**
 * A voice round for N members, all waiting in the lobby voice channel (real core → real discord.js → emulator
 * enforcing the limits): the time until every group's room exists, its intro is posted and its members are moved in,
 * against the lower bound the limits allow for the requests sent in that window (room creation per guild and member
 * moves per guild are the binding buckets).
 */
export async function voiceFanout(size: number): Promise<BenchRow> {
  const h = await createDiscordHarness({ members: size, emulator: { botPermissions: VOICE_INVITE_PERMISSIONS } });
  try {
    const { driver, organizer, members, channelId, emu } = h;
    const lobbyVoice = driver.addVoiceChannel("Hangout");
    for (const m of [organizer, ...members]) driver.joinVoice(m, lobbyVoice);
    await h.settle();
    await driver
      .member(organizer)
      .runCommand("start", { rounds: 1, minutes: 10, lobby_minutes: 1, mode: "voice" })
      .reply();
    await h.settle();
    const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
    const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
    for (let i = 0; i < members.length; i += 50) {
      await Promise.all(members.slice(i, i + 50).map((m) => driver.member(m).click(lobby.id, join).reply(30_000)));
    }
    await h.settle();
    // Let every bucket used during the lobby expire, so the round starts from fresh limits as the bound assumes.
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const logStart = emu.requestLog.length;
    const startedAt = Date.now();
    await h.advance(1 * MIN);
    await driver.waitFor(
      () => members.every((m) => driver.voiceChannelOf(m) !== lobbyVoice),
      "every member moved into a room",
      120_000,
    );
    const log = emu.requestLog.slice(logStart);
    const rooms = log.filter((r) => r.method === "POST" && r.pattern === "/guilds/:guild/channels" && r.status < 300);
    const intros = [...emu.state.channels.values()]
      .filter((c) => c.type === 2 && c.name.startsWith("Quick Meet ·"))
      .map((c) => emu.state.messagesIn(c.id)[0]?.createdAtMs ?? Number.POSITIVE_INFINITY);
    const lastMove = Math.max(
      ...log.filter((r) => r.method === "PATCH" && r.pattern === "/guilds/:guild/members/:user").map((r) => r.atMs),
    );
    const readyAt = Math.max(lastMove, ...intros);
    const window = log.filter((r) => r.atMs <= readyAt);
    const first = window[0]?.atMs ?? startedAt;
    const bound = lowerBoundMs(window, emu.limits);
    const limited = window.filter((r) => r.status === 429).length;
    const moved = members.filter((m) => driver.voiceChannelOf(m) !== lobbyVoice).length;
    return {
      bench: "discord-fanout",
      limits: "voice rooms, default buckets",
      members: size,
      groups: intros.length,
      lost: size - moved,
      requests: window.length,
      requestsPerGroup: Number((window.length / Math.max(1, intros.length)).toFixed(2)),
      readyMs: readyAt - first,
      lowerBoundMs: bound,
      ratio: Number(((readyAt - first) / Math.max(1, bound)).toFixed(3)),
      ratioTarget: "<= 1.15",
      share429: Number((limited / Math.max(1, window.length)).toFixed(4)),
      share429Target: "< 0.01",
      roomCreates: rooms.length,
    };
  } finally {
    await h.stop();
  }
}
