/** Seeded randomness: every tie the engine breaks goes through here, so a plan is reproducible from its seed. */

/** Uniform number in [0, 1). */
export type Rng = () => number;

/**
 * 32-bit hash of a string (FNV-1a then an avalanche), used to turn any seed into PRNG state; a different `basis`
 * gives an independent hash.
 */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Mulberry32 seeded from `seed` and a `stream` name, so independent uses do not share a sequence. */
export function createRng(seed: string, stream = ""): Rng {
  return mulberry32(hashString(`${seed}\u0000${stream}`));
}

/** Mulberry32 from a 32-bit numeric seed: a small, fast, repeatable sequence. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates in place; returns the same array. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
