/**
 * Rewriting stored JSON so it no longer names one member: their id becomes an alias, their display names become
 * "a former member". Used by forget-me on every record that may mention them.
 */

/** Ids this short (test fixtures: "a", "u1") are replaced only where a whole value equals them, never inside text. */
const MIN_ID_IN_TEXT = 6;
const MIN_NAME_IN_TEXT = 3;
export const FORMER_MEMBER = "a former member";

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A deep copy of `value` with the member replaced in every string, array element and object key. */
export type Scrubber = <T>(value: T) => T;

/**
 * Builds a scrubber for one member. A value equal to the id becomes the alias; inside longer text, the id (as a
 * whole token, e.g. in `<@id>`) becomes the alias and each display name (as whole words) becomes "a former member".
 */
export function scrubberFor(userId: string, alias: string, names: Iterable<string>): Scrubber {
  const patterns: Array<[RegExp, string]> = [];
  if (userId.length >= MIN_ID_IN_TEXT)
    patterns.push([new RegExp(`(?<![\\w-])${literal(userId)}(?![\\w-])`, "g"), alias]);
  for (const name of new Set(names)) {
    if (name.trim().length >= MIN_NAME_IN_TEXT)
      patterns.push([new RegExp(`(?<![\\p{L}\\p{N}])${literal(name.trim())}(?![\\p{L}\\p{N}])`, "gu"), FORMER_MEMBER]);
  }
  const text = (s: string) => {
    if (s === userId) return alias;
    let out = s;
    for (const [re, by] of patterns) out = out.replace(re, by);
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
    return v;
  };
  return <T>(value: T) => walk(value) as T;
}

/** The key with every `:`-separated segment equal to the id replaced by the alias (undefined when none is). */
export function renamedKey(key: string, userId: string, alias: string): string | undefined {
  const parts = key.split(":");
  if (!parts.includes(userId)) return undefined;
  return parts.map((p) => (p === userId ? alias : p)).join(":");
}
