import type { PlatformId } from "../domain/types.ts";
import { sessionLogger, tellPrivately } from "../engine-parts.ts";
import * as sayVoice from "../messages/voice-templates.ts";
import { keys } from "../store/keys.ts";
import { LOG_TTL_MS, type VoiceEntry, type VoiceParts } from "./voice.ts";

/**
 * A member's voice connection changed between rooms (`from`/`to` are rooms, null otherwise). Entering and leaving
 * are logged for the room's time; leaving a room while its round runs is leaving the session, as with the Leave
 * button: the partner is re-grouped or told, and the member learns how to come back.
 */
export async function voiceMoved(
  ctx: VoiceParts,
  p: PlatformId,
  userId: string,
  from: string | null,
  to: string | null,
  leaveSession: (sessionId: string, userId: string) => Promise<unknown>,
): Promise<void> {
  if (from === to) return;
  const at = ctx.clock.now();
  if (to) await appendEntry(ctx, p, to, { userId, at, in: true });
  if (!from) return;
  await appendEntry(ctx, p, from, { userId, at, in: false });
  const link = await ctx.sessions.spaceLink(p, from);
  if (!link?.members.includes(userId) || (await ctx.sessions.isRoundClosed(link.sessionId, link.round))) return;
  const session = await ctx.sessions.get(link.sessionId);
  if (session?.status !== "round" || session.currentRound !== link.round) return;
  if (!session.participants.includes(userId)) return;
  sessionLogger(ctx, session).info("member left their voice room mid-round", { round: link.round });
  await leaveSession(session.id, userId);
  await tellPrivately(ctx, session, userId, sayVoice.leftVoiceRoom(link.round));
}

async function appendEntry(ctx: VoiceParts, p: PlatformId, spaceId: string, entry: VoiceEntry): Promise<void> {
  await ctx.store.withLock(keys.voiceLogLock(p, spaceId), async () => {
    const log = (await ctx.store.get<VoiceEntry[]>(keys.voiceLog(p, spaceId))) ?? [];
    await ctx.store.set(keys.voiceLog(p, spaceId), [...log, entry], LOG_TTL_MS);
  });
}
