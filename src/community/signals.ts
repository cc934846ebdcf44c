import { chosenOnly } from "../common-ground/signals.ts";
import type { CommunitySettings, InterestSignal, MemberState, PlatformId } from "../domain/types.ts";
import type { EngineContext } from "../session/context.ts";

/**
 * The organizer-chosen roles and channels each member holds, read from the platform now (match time), so a role
 * taken off or a channel left yesterday no longer counts. Members who chose "profile only" are not asked about.
 * Signals only add to common ground: when the platform cannot be asked, the round goes ahead on profiles alone.
 */
export async function loadMemberSignals(
  ctx: EngineContext,
  p: PlatformId,
  c: string,
  members: readonly string[],
  settings: CommunitySettings,
  states: ReadonlyMap<string, MemberState>,
): Promise<Map<string, InterestSignal[]>> {
  const chosen = settings.interestSignals ?? [];
  const platform = ctx.platform(p);
  const asked = members.filter((m) => states.get(m)?.profileOnly !== true);
  const out = new Map<string, InterestSignal[]>();
  if (chosen.length === 0 || asked.length === 0 || platform.memberSignals === undefined) return out;
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
