/**
 * Synthetic, realistic pools for the pairing benchmark (and the offline optimum): profiles with clustered,
 * Zipf-popular interests, a field, a city with its time zone and one or two goals; a fast inverted-index candidate
 * builder; and a year of weekly random pairings as history. Everything is reproducible from a seed.
 */
import { buildCommonGroundModel } from "../../src/common-ground/index.ts";
import type { ProfileInput } from "../../src/common-ground/types.ts";
import { LOOKING_FOR } from "../../src/domain/types.ts";
import type { PastGroup } from "../../src/pairing/index.ts";
import { createRng, type Rng, shuffle } from "../../src/pairing/rng.ts";

const TOPICS = [
  "hiking", "jazz", "chess", "poetry", "climbing", "podcasts", "photography", "baking", "running", "gaming",
  "design", "startups", "ai", "journalism", "public-relations", "film", "theatre", "gardening", "cycling", "travel",
];
const FIELDS = ["pr", "journalism", "marketing", "software", "design", "finance", "law", "health", "education", "sales"];
const CITIES: [string, string][] = [
  ["Rochester", "America/New_York"], ["New York", "America/New_York"], ["Austin", "America/Chicago"],
  ["Chicago", "America/Chicago"], ["Denver", "America/Denver"], ["Seattle", "America/Los_Angeles"],
  ["London", "Europe/London"], ["Berlin", "Europe/Berlin"], ["Lagos", "Africa/Lagos"], ["Bangalore", "Asia/Kolkata"],
];

/** Index in [0, k) with a Zipf-like skew: a few popular values, a long tail. */
const skewed = (rng: Rng, k: number, power = 2) => Math.min(k - 1, Math.floor(k * rng() ** power));

/** `n` profiles: 2–8 interests drawn mostly from one of 40 interest clusters (600 tags in all). */
export function syntheticProfiles(n: number, seed: string): ProfileInput[] {
  const rng = createRng(seed, "profiles");
  const tags = Array.from({ length: 600 }, (_, i) => `${TOPICS[i % TOPICS.length]}-${Math.floor(i / TOPICS.length)}`);
  return Array.from({ length: n }, (_, i) => {
    const cluster = skewed(rng, 40, 1.5);
    const interests = new Set<string>();
    const count = 2 + skewed(rng, 7, 1.3);
    while (interests.size < count) {
      const inCluster = rng() < 0.7;
      interests.add(tags[inCluster ? (cluster * 15 + skewed(rng, 15)) % 600 : skewed(rng, 600, 2.5)]!);
    }
    const [city, timeZone] = CITIES[skewed(rng, CITIES.length)]!;
    const goals = new Set([LOOKING_FOR[skewed(rng, 6, 1.2)]!, LOOKING_FOR[skewed(rng, 6, 1.2)]!]);
    return {
      userId: `u${i}`,
      displayName: `Member ${i}`,
      interests: [...interests],
      field: FIELDS[(cluster + skewed(rng, 4)) % FIELDS.length]!,
      city,
      timeZone,
      lookingFor: [...goals],
    };
  });
}

/** The product's score (common-ground model) over a pool. */
export function poolScore(profiles: readonly ProfileInput[]) {
  const model = buildCommonGroundModel(profiles);
  return (a: string, b: string) => model.score(a, b);
}

/**
 * Candidate partners from an inverted index over interests, field and city, each weighted by its rarity (IDF);
 * very common features are sampled, not scanned in full, so one call costs a bounded number of postings. With
 * `rescore`, the top of the tally is re-ordered by the real score (slower, slightly better lists).
 */
export function candidateIndex(
  profiles: readonly ProfileInput[],
  score: (a: string, b: string) => number,
  rescore = false,
) {
  const n = profiles.length;
  // Features interned to integers; each member's features and each feature's postings in flat typed arrays.
  const featureId = new Map<string, number>();
  const memberStart = new Int32Array(n + 1);
  const memberFeatures: number[] = [];
  const df: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = profiles[i]!;
    const add = (key: string) => {
      let f = featureId.get(key);
      if (f === undefined) {
        f = df.length;
        featureId.set(key, f);
        df.push(0);
      }
      df[f]!++;
      memberFeatures.push(f);
    };
    for (const t of p.interests) add(`i:${t}`);
    add(`f:${p.field}`);
    add(`c:${p.city}`);
    memberStart[i + 1] = memberFeatures.length;
  }
  const F = df.length;
  const features = Int32Array.from(memberFeatures);
  const postStart = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) postStart[f + 1] = postStart[f]! + df[f]!;
  const postings = new Int32Array(postStart[F]!);
  const fill = postStart.slice(0, F);
  for (let i = 0; i < n; i++) for (let x = memberStart[i]!; x < memberStart[i + 1]!; x++) postings[fill[features[x]!]!++] = i;
  const idf = Float64Array.from(df, (d) => Math.log(1 + n / d));
  const byId = new Map(profiles.map((p, i) => [p.userId, i]));
  const tally = new Float64Array(n);
  const touched = new Int32Array(n);
  const SCAN = 120;
  return (id: string, k: number): string[] => {
    const a = byId.get(id);
    if (a === undefined) return [];
    let count = 0;
    for (let x = memberStart[a]!; x < memberStart[a + 1]!; x++) {
      const f = features[x]!;
      const lo = postStart[f]!;
      const len = postStart[f + 1]! - lo;
      const w = idf[f]!;
      // Sample a window of a long posting list, starting at a spot that depends on the member.
      const step = Math.max(1, Math.floor(len / SCAN));
      for (let y: number = lo + (a % step); y < lo + len; y += step) {
        const b: number = postings[y]!;
        if (b === a) continue;
        if (tally[b] === 0) touched[count++] = b;
        tally[b]! += w;
      }
    }
    // Keep the best 2k of the tally by insertion into a short sorted list (most entries fail the first test).
    const keep = rescore ? 2 * k : k;
    const top: number[] = [];
    for (let y = 0; y < count; y++) {
      const b = touched[y]!;
      const t = tally[b]!;
      if (top.length === keep && t <= tally[top[keep - 1]!]!) continue;
      let at = top.length === keep ? keep - 1 : top.length;
      while (at > 0 && tally[top[at - 1]!]! < t) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = b;
    }
    for (let y = 0; y < count; y++) tally[touched[y]!] = 0;
    if (!rescore) return top.slice(0, k).map((b) => profiles[b]!.userId);
    return top
      .map((b) => [profiles[b]!.userId, score(id, profiles[b]!.userId)] as const)
      .sort((x, y) => y[1] - x[1])
      .slice(0, k)
      .map(([b]) => b);
  };
}

/** `weeks` past weekly rounds of random pairs (a trio when odd), ending one week before `now`. */
export function weeklyHistory(ids: readonly string[], weeks: number, now: number, seed: string): PastGroup[] {
  const rng = createRng(seed, "history");
  const week = 7 * 24 * 3600 * 1000;
  const out: PastGroup[] = [];
  for (let w = 1; w <= weeks; w++) {
    const order = shuffle([...ids], rng);
    for (let i = 0; i + 1 < order.length; i += 2) {
      const members = [order[i]!, order[i + 1]!];
      if (i + 3 === order.length) members.push(order[i + 2]!);
      out.push({ members, at: now - w * week });
    }
  }
  return out;
}

/** A fixed fingerprint of the score on an instance: detects a changed score that would make a stored optimum stale. */
export function scoreFingerprint(ids: readonly string[], score: (a: string, b: string) => number): number {
  let sum = 0;
  for (let i = 0; i < 500; i++) sum += score(ids[(i * 7919) % ids.length]!, ids[(i * 104729 + 1) % ids.length]!);
  return Math.round(sum * 1e6) / 1e6;
}
