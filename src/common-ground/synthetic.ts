/**
 * Synthetic, realistic profiles: clustered, Zipf-popular interests, a field, a city with its time zone and one or
 * two goals, reproducible from a seed, and a history of weekly Quick Meets among them. The pairing benches plan
 * them, and the planning worker warms up on them: a pool shaped like a real community compiles the code paths a real
 * one takes.
 */
import { LOOKING_FOR } from "../domain/types.ts";
import { createRng, type Rng, shuffle } from "../pairing/rng.ts";
import type { PastGroup } from "../pairing/types.ts";
import type { ProfileInput } from "./types.ts";

// biome-ignore format: tables read better in rows
const TOPICS = [
  "hiking", "jazz", "chess", "poetry", "climbing", "podcasts", "photography", "baking", "running", "gaming",
  "design", "startups", "ai", "journalism", "public-relations", "film", "theatre", "gardening", "cycling", "travel",
];
// biome-ignore format: tables read better in rows
const FIELDS = ["pr", "journalism", "marketing", "software", "design", "finance", "law", "health", "education", "sales"];
// biome-ignore format: tables read better in rows
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

/** `weeks` past weekly rounds of random pairs (a trio when odd), ending one week before `now`. */
export function syntheticHistory(ids: readonly string[], weeks: number, now: number, seed: string): PastGroup[] {
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
