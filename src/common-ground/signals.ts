import type { InterestSignal } from "../domain/types.ts";
import { normalizeTag } from "./normalize.ts";
import type { CommonGroundItem, ProfileInput } from "./types.ts";

/** Per member: normalised tag → the organizer-chosen role or channel it came from (tags the profile lacked only). */
export type SignalOrigins = Map<string, Map<string, InterestSignal>>;

/**
 * The profile with the member's signals merged in, as if typed: tags join the interests (so synonyms, variants and
 * rarity weighting treat them exactly like profile tags) and goals join "looking for". A tag the profile already
 * holds stays the profile's: the intro then says nothing about a role or channel.
 */
export function withSignals(
  profile: ProfileInput,
  held: readonly InterestSignal[],
): { profile: ProfileInput; origins: Map<string, InterestSignal> } {
  const origins = new Map<string, InterestSignal>();
  if (held.length === 0) return { profile, origins };
  const known = new Set(profile.interests.map(normalizeTag));
  const interests = [...profile.interests];
  const lookingFor = [...profile.lookingFor];
  for (const signal of held) {
    if (signal.goal !== undefined && !lookingFor.includes(signal.goal)) lookingFor.push(signal.goal);
    if (signal.tag === undefined) continue;
    const key = normalizeTag(signal.tag);
    if (key === "" || known.has(key)) continue;
    known.add(key);
    origins.set(key, signal);
    interests.push(signal.tag);
  }
  return { profile: { ...profile, interests, lookingFor }, origins };
}

/** Only the signals an organizer chose: whatever else a platform reports is dropped here, whatever the adapter did. */
export function chosenOnly(
  chosen: readonly InterestSignal[],
  heldIds: readonly string[] | undefined,
): InterestSignal[] {
  if (heldIds === undefined || heldIds.length === 0) return [];
  const ids = new Set(heldIds);
  return chosen.filter((s) => ids.has(s.id));
}

/**
 * Marks shared interests that every member of the item got from the same role or channel, so the intro can say
 * where it comes from ("You're both in #podcasting"). Mixed origins (one typed it, one is in the channel) stay
 * plain tags: the thing is shared either way.
 */
export function attributeItems(items: readonly CommonGroundItem[], origins: SignalOrigins): CommonGroundItem[] {
  return items.map((item) => {
    if (item.kind !== "interest") return item;
    const from = item.members.map((m) => origins.get(m)?.get(item.topic));
    const first = from[0];
    if (first === undefined || from.some((s) => s?.id !== first.id)) return item;
    return { ...item, via: { kind: first.kind, name: first.name } };
  });
}
