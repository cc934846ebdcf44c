import type { PlatformId, Session, SessionOptions, VoiceLobby } from "../domain/types.ts";
import { type EngineParts, sessionLogger, tellPrivately } from "../engine-parts.ts";
import * as sayVoice from "../messages/voice-templates.ts";
import type {
  ChannelRef,
  ChatPlatform,
  OpenSpaceRequest,
  ReadinessProblem,
  RichMessage,
  SpaceRef,
} from "../platform/port.ts";
import { keys } from "../store/keys.ts";
import { postOnce } from "./once.ts";

/**
 * Voice rounds: each group talks in a private voice room (Discord) instead of a text space. The round engine stays
 * the same; these functions are where it differs (how a space is opened, where the closing buttons go, what is
 * counted, what leaving is). Everything here is keyed on `session.voice`, set only for `mode:voice` sessions.
 */

/** What voice rounds use of the engine. */
export type VoiceParts = Pick<
  EngineParts,
  "platform" | "logger" | "store" | "clock" | "instance" | "community" | "sessions"
>;

/** One voice state change inside a room: who, when, entering or leaving. Never audio, only presence. */
export interface VoiceEntry {
  userId: string;
  at: number;
  in: boolean;
}

/** Rooms' presence logs outlive the round by a day, like space links; nothing reads them after the round closes. */
export const LOG_TTL_MS = 86_400_000;

/** What `mode:voice` needs before the session starts: voice rooms on this platform and the rights to run them. */
export async function voiceReadiness(
  ctx: VoiceParts,
  p: PlatformId,
  channel: ChannelRef,
  options: SessionOptions,
): Promise<ReadinessProblem[]> {
  if (options.mode !== "voice") return [];
  const rooms = ctx.platform(p).voiceRooms;
  if (!rooms) return [{ permission: "voice channels", message: sayVoice.voiceUnsupported(p) }];
  return rooms.checkReadiness(channel);
}

/** The lobby voice channel of a new voice session (the organizer's own, or one the platform makes). */
export async function openVoiceLobby(
  ctx: VoiceParts,
  p: PlatformId,
  channel: ChannelRef,
  organizerId: string,
  options: SessionOptions,
): Promise<VoiceLobby | undefined> {
  const rooms = ctx.platform(p).voiceRooms;
  return options.mode === "voice" && rooms ? rooms.lobby(channel, organizerId) : undefined;
}

/**
 * Opens a group's space: a private voice room for voice sessions (members in the lobby moved in, the others sent
 * its link), else the platform's private text space.
 */
export async function openSpace(ctx: VoiceParts, session: Session, request: OpenSpaceRequest): Promise<SpaceRef> {
  const platform = ctx.platform(session.platform);
  if (!session.voice || !platform.voiceRooms) return platform.openGroupSpace(request);
  const room = await platform.voiceRooms.openRoom(request, session.voice);
  const round = session.currentRound;
  await Promise.all(
    request.memberIds
      .filter((m) => !room.moved.includes(m))
      .map((m) => tellPrivately(ctx, session, m, sayVoice.voiceRoomLink(round, room.url))),
  );
  return room.space;
}

/**
 * The closing message with feedback and "stay in touch?" buttons. A voice room is deleted at the round's end, so
 * its members get the buttons privately, where they keep working; a text space gets them in the space.
 */
export async function postClosing(
  ctx: VoiceParts,
  session: Session,
  platform: ChatPlatform,
  space: SpaceRef,
  members: readonly string[],
  message: RichMessage,
  key: string,
): Promise<void> {
  if (!session.voice) {
    await postOnce(ctx, platform, space, message, key);
    return;
  }
  await Promise.all(members.map((m) => tellPrivately(ctx, session, m, message)));
}

/**
 * At the round's end: the room's time is recorded (together and per member), members go back to the lobby and the
 * room is deleted. A room that cannot be closed is logged; the round goes on.
 */
export async function closeVoiceRoom(
  ctx: VoiceParts,
  session: Session,
  round: number,
  groupId: string,
  members: readonly string[],
  space: SpaceRef,
): Promise<void> {
  if (!session.voice) return;
  const log = (await ctx.store.get<VoiceEntry[]>(keys.voiceLog(session.platform, space.spaceId))) ?? [];
  const time = voiceTime(log, ctx.clock.now());
  await ctx.community.record(session.platform, session.communityId, {
    type: "voice-counted",
    at: ctx.clock.now(),
    sessionId: session.id,
    round,
    groupId,
    togetherSeconds: Math.round(time.togetherMs / 1000),
    seconds: Object.fromEntries(members.map((m) => [m, Math.round((time.perMemberMs.get(m) ?? 0) / 1000)])),
  });
  try {
    await ctx.platform(session.platform).voiceRooms?.closeRoom(space, session.voice);
  } catch (error) {
    sessionLogger(ctx, session).warn("could not close a voice room", { round, groupId, error });
  }
  await ctx.sessions.updateGroup(session.id, round, groupId, (g) => ({ ...g, spaceClosed: true }));
}

/** After the session: a lobby voice channel the bot made is removed. */
export async function closeVoiceLobby(ctx: VoiceParts, session: Session): Promise<void> {
  if (!session.voice) return;
  try {
    await ctx
      .platform(session.platform)
      .voiceRooms?.closeLobby({ communityId: session.communityId, channelId: session.channelId }, session.voice);
  } catch (error) {
    sessionLogger(ctx, session).warn("could not remove the lobby voice channel", { error });
  }
}

/**
 * Time in a room from its presence log, up to `until`: how long at least two members were there together, and how
 * long each member was there. Entries may arrive out of order (events handled concurrently): they are sorted first.
 */
export function voiceTime(
  log: readonly VoiceEntry[],
  until: number,
): { togetherMs: number; perMemberMs: Map<string, number> } {
  const entries = [...log].sort((a, b) => a.at - b.at);
  const present = new Set<string>();
  const perMemberMs = new Map<string, number>();
  let togetherMs = 0;
  let last = entries[0]?.at ?? until;
  const advance = (to: number) => {
    const dt = Math.max(0, Math.min(to, until) - last);
    if (present.size >= 2) togetherMs += dt;
    for (const m of present) perMemberMs.set(m, (perMemberMs.get(m) ?? 0) + dt);
    last = Math.max(last, Math.min(to, until));
  };
  for (const e of entries) {
    advance(e.at);
    if (e.in) present.add(e.userId);
    else present.delete(e.userId);
  }
  advance(until);
  return { togetherMs, perMemberMs };
}
