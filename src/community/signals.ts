import { chosenOnly } from "../common-ground/signals.ts";
import type { CommunitySettings, InterestSignal, MemberState, PlatformId } from "../domain/types.ts";
import type { EngineParts } from "../engine-parts.ts";

/**
 * The organizer-chosen roles and channels each member holds, read from the platform now (match time), so a role
 * taken off or a channel left yesterday no longer counts. Members who chose "profile only" are not asked about.
 * Signals only add to common ground: when the platform cannot be asked, the round goes ahead on profiles alone.
 */
export async function loadMemberSignals(
  ctx: Pick<EngineParts, "logger" | "platform">,
  p: PlatformId,
  c: string,
  members: readonly string[],
  settings: CommunitySettings,
  states: ReadonlyMap<string, MemberState>,
): Promise<Map<string, InterestSignal[]>> {
  const chosen = settings.interestSignals ?? [];
  const asked = members.filter((m) => states.get(m)?.profileOnly !== true);
  const out = new Map<string, InterestSignal[]>();
  if (chosen.length === 0 || asked.length === 0) return out;
  const platform = ctx.platform(p);
  if (platform.memberSignals === undefined) return out;
  try {
    const held = await platform.memberSignals(c, chosen, asked);
    for (const m of asked) {
      const signals = chosenOnly(chosen, held.get(m));
      if (signals.length > 0) out.set(m, signals);
    }
  } catch (error) {
    ctx.logger.warn("could not read members' roles or channels; using profiles only", { communityId: c, error });
  }
  return out;
}

/**
 * Job title and time zone from the platform profile, for members who did not choose "profile only", when organizers
 * turned `platformProfile` on. Like signals, a failure leaves the round on profiles alone.
 */
export async function loadProfileHints(
  ctx: Pick<EngineParts, "logger" | "platform">,
  p: PlatformId,
  c: string,
  members: readonly string[],
  settings: CommunitySettings,
  states: ReadonlyMap<string, MemberState>,
): Promise<Map<string, { title?: string; timeZone?: string }>> {
  const asked = members.filter((m) => states.get(m)?.profileOnly !== true);
  if (settings.platformProfile !== true || asked.length === 0) return new Map();
  const platform = ctx.platform(p);
  if (platform.memberProfileHints === undefined) return new Map();
  try {
    return await platform.memberProfileHints(c, asked);
  } catch (error) {
    ctx.logger.warn("could not read members' platform profiles; using profiles only", { communityId: c, error });
    return new Map();
  }
}

/** What `/quickmeet profile` and `/quickmeet me` show a member: the chosen signals they hold and their switch. */
export async function ownSignals(
  ctx: Pick<EngineParts, "community" | "logger" | "platform">,
  p: PlatformId,
  c: string,
  userId: string,
): Promise<{
  chosen: number;
  held: InterestSignal[];
  profileOnly: boolean;
  hints?: { title?: string; timeZone?: string };
}> {
  const [settings, state] = await Promise.all([ctx.community.settings(p, c), ctx.community.memberState(p, c, userId)]);
  const profileOnly = state.profileOnly === true;
  // Asked as if the switch were off, so the member sees what "use my roles and channels too" would bring.
  const held = await loadMemberSignals(ctx, p, c, [userId], settings, new Map());
  const hints = (await loadProfileHints(ctx, p, c, [userId], settings, new Map())).get(userId);
  const chosen = (settings.interestSignals?.length ?? 0) + (settings.platformProfile ? 1 : 0);
  return { chosen, held: held.get(userId) ?? [], profileOnly, ...(hints ? { hints } : {}) };
}

/** The "profile only" switch (kept in the member state, so forget-me removes it with the rest). */
export async function setProfileOnly(
  ctx: Pick<EngineParts, "community">,
  p: PlatformId,
  c: string,
  userId: string,
  on: boolean,
): Promise<void> {
  await ctx.community.updateMemberState(p, c, userId, (s) => {
    const { profileOnly: _old, ...rest } = s;
    return on ? { ...rest, profileOnly: true } : rest;
  });
}
