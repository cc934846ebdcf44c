/**
 * Variables that look like quickmeet's but are not: a misspelled `DISCORD_TOKN` would otherwise be ignored and the
 * bot would start without Discord. Only our prefixes are checked; the rest of the environment is not ours to judge.
 */
const OUR_PREFIXES = ["DISCORD_", "SLACK_", "QUICKMEET_"] as const;

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The known name `name` is most likely a typo of, when one is close enough to be a slip of the keyboard. */
export function likelyMeant(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(name, k);
    if (!best || d < best.d) best = { name: k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(best.name.length / 4)) ? best.name : undefined;
}

export interface UnknownVariable {
  name: string;
  /** The known variable it is probably a typo of. */
  meant?: string;
}

/** Set variables with one of our prefixes that quickmeet does not read. */
export function unknownVariables(env: Record<string, string | undefined>, known: readonly string[]): UnknownVariable[] {
  return Object.keys(env)
    .filter((name) => OUR_PREFIXES.some((p) => name.startsWith(p)) && !known.includes(name))
    .filter((name) => (env[name] ?? "").trim() !== "")
    .sort()
    .map((name) => {
      const meant = likelyMeant(name, known);
      return meant ? { name, meant } : { name };
    });
}
