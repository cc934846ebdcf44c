import { buildHistoryIndex } from "./history.ts";
import { createRng, hashString } from "./rng.ts";
import type { PairingRequest } from "./types.ts";

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Meetings older than this many weeks are all "equally old" when choosing which repeat to accept. */
export const AGE_LEVELS = 52;
/** Up to this size, scores are cached in a matrix and candidate lists come from scoring every pair. */
const DENSE_LIMIT = 1024;

/**
 * Everything one plan needs, over member indices 0..n-1 instead of ids: cached scores, blocks, who met whom and
 * when (history plus the rounds planned so far), trio counts, and lazily built candidate lists.
 */
export interface PairingContext {
  readonly n: number;
  /** Index → member id. Indices follow a seeded shuffle so ties do not always favour the same ids. */
  readonly ids: readonly string[];
  /** Common-ground score, sanitised to a finite number >= 0. */
  score(a: number, b: number): number;
  blocked(a: number, b: number): boolean;
  /** -1 when a and b never met; else how old their last meeting is: 0 (this plan/this week) .. AGE_LEVELS. */
  metAge(a: number, b: number): number;
  /** Records a meeting planned in this plan (it counts as the most recent possible). */
  markMet(a: number, b: number): void;
  /** Trios each member has had, including the ones planned so far. */
  readonly trioCount: Float64Array;
  /** Longest candidate list; a's list lives in candTo[a*K .. a*K + candidateCount(a)), its scores in candW. */
  readonly K: number;
  readonly candTo: Int32Array;
  readonly candW: Float64Array;
  /**
   * Length of a's list of up to K likely partners, by score, highest first (ties keep the index's order), never
   * blocked and never a past partner (as of the first call); builds the list on first use.
   */
  candidateCount(a: number): number;
  /** a's list as a view (allocates a view: hot loops read candTo/candW directly). */
  candidateList(a: number): Int32Array;
  /** Scores aligned with `candidateList(a)`, computed once per plan. */
  candidateScores(a: number): Float64Array;
  /** Builds every member's list now. */
  prepareCandidates(): void;
  /** Forgets the meetings and trios recorded by this plan (history stays), to try another plan. */
  reset(): void;
}

/** Candidate-list length per member for the sparse solver; bigger lists cost time and gain little. */
export function candidateK(n: number): number {
  // Where one round is planned in well under a second, long lists buy the last fraction of a percent; larger pools
  // trade it for time. The pairing bench's ratios are what to watch when changing these.
  return n <= 4000 ? 32 : n <= 20_000 ? 12 : 8;
}

/**
 * The plan's member order: the distinct ids ranked by a seeded hash (ties by id), a seeded shuffle that does not
 * depend on the order of `members`. `pos[i]` is where id i first appears in `members`, `inner[p]` the index of
 * `members[p]`. A numeric sort of packed (hash, position) keys, rather than sorting id strings and deduplicating
 * them in a Set and a Map, which is slow on a large pool. Pools of `packLimit` (2^21) members or more (where the
 * packed key would lose precision) sort with a comparator.
 */
export function seededOrder(
  members: readonly string[],
  seed: string,
  packLimit = 2 ** 21,
): { ids: string[]; pos: Int32Array; inner: Int32Array } {
  const len = members.length;
  const basis = hashString(`${seed}\u0000order`);
  const hash = new Float64Array(len);
  for (let p = 0; p < len; p++) hash[p] = hashString(members[p]!, basis);
  let sorted: ArrayLike<number>;
  if (len < packLimit) {
    // hash · 2^21 + position stays an exact integer below 2^53.
    const keys = new Float64Array(len);
    for (let p = 0; p < len; p++) keys[p] = hash[p]! * 2 ** 21 + p;
    keys.sort();
    const order = new Int32Array(len);
    for (let x = 0; x < len; x++) order[x] = keys[x]! % 2 ** 21;
    sorted = order;
  } else sorted = Array.from({ length: len }, (_, p) => p).sort((x, y) => hash[x]! - hash[y]! || x - y);
  const ids: string[] = [];
  const pos = new Int32Array(len);
  const inner = new Int32Array(len);
  for (let x = 0; x < len; ) {
    let end = x + 1;
    while (end < len && hash[sorted[end]!] === hash[sorted[x]!]) end++;
    if (end === x + 1) {
      const p = sorted[x]!;
      pos[ids.length] = p;
      inner[p] = ids.length;
      ids.push(members[p]!);
      x = end;
      continue;
    }
    // A run of equal hashes (a repeated id, or rarely a collision): by id, then by position.
    const run = Array.from({ length: end - x }, (_, r) => sorted[x + r]!);
    if (run.length > 1) run.sort((a, b) => (members[a]! < members[b]! ? -1 : members[a]! > members[b]! ? 1 : a - b));
    for (let r = 0; r < run.length; r++) {
      const p = run[r]!;
      if (r === 0 || members[p] !== members[run[r - 1]!]) {
        pos[ids.length] = p;
        ids.push(members[p]!);
      }
      inner[p] = ids.length - 1;
    }
    x = end;
  }
  return { ids, pos: pos.subarray(0, ids.length), inner };
}

export function createContext(request: PairingRequest, seed: string): PairingContext {
  const { ids, pos, inner } = seededOrder(request.members, seed);
  const n = ids.length;
  // Id -> index, only built when something is given by id (blocks, history, trio counts, id-based candidates).
  let byId: Map<string, number> | undefined;
  const index = {
    get(id: string): number | undefined {
      if (!byId) {
        byId = new Map();
        for (let i = 0; i < n; i++) byId.set(ids[i]!, i);
      }
      return byId.get(id);
    },
  };
  const indexed = request.indexed;
  const sane = (s: number) => (Number.isFinite(s) && s > 0 ? s : 0);
  const raw = indexed
    ? (a: number, b: number) => sane(indexed.score(pos[a]!, pos[b]!))
    : (a: number, b: number) => sane(request.score(ids[a]!, ids[b]!));

  const matrix = n <= DENSE_LIMIT ? new Float64Array(n * n).fill(-1) : null;
  const score = matrix
    ? (a: number, b: number) => {
        const k = a * n + b;
        let s = matrix[k]!;
        if (s < 0) {
          s = raw(a, b);
          matrix[k] = s;
          matrix[b * n + a] = s;
        }
        return s;
      }
    : indexed
      ? raw // an integer score is as cheap as a probe of a large hash table
      : pairCache(raw, n * candidateK(n));

  const blocks = new PairTable();
  for (const [x, y] of request.blocks ?? []) {
    const a = index.get(x);
    const b = index.get(y);
    if (a !== undefined && b !== undefined && a !== b) blocks.set(a, b, 1);
  }
  const blocked = (a: number, b: number) => blocks.size > 0 && blocks.get(a, b, 0) === 1;

  const history = buildHistoryIndex(n, request.history ?? [], index);
  // Meetings planned in this plan (they count as the most recent possible).
  const planned = new PairTable();
  const pastCount = history.partners.slice();
  const now = request.now ?? Date.now();
  const metAge = (a: number, b: number) => {
    if (planned.size > 0 && planned.get(a, b, 0) === 1) return 0;
    const at = history.lastMet(a, b);
    if (at === undefined) return -1;
    return Math.min(AGE_LEVELS, Math.max(0, Math.floor((now - at) / WEEK_MS)));
  };
  const markMet = (a: number, b: number) => {
    if (metAge(a, b) < 0) {
      pastCount[a]!++;
      pastCount[b]!++;
    }
    planned.set(a, b, 1);
  };

  const trioCount = new Float64Array(n);
  for (let i = 0; i < n; i++) trioCount[i] = request.trioCounts?.get(ids[i]!) ?? 0;
  const initialTrios = trioCount.slice();
  const reset = () => {
    planned.clear();
    trioCount.set(initialTrios);
    pastCount.set(history.partners);
  };

  const K = candidateK(n);
  // Candidate lists, flat: a's list is candTo[a*K .. a*K + candLen[a]), scores alike; -1 = not built yet. One
  // typed block instead of 2n small arrays, which the garbage collector would have to trace on a large pool.
  const candTo = new Int32Array(n * K);
  const candW = new Float64Array(n * K);
  const candLen = new Int32Array(n).fill(-1);
  const sampleRng = createRng(seed, "sample");
  // Marks who is already in the list being built (a stamp per build instead of a Set per member).
  const seenAt = new Int32Array(n);
  let seenStamp = 0;
  let scratchIds = new Int32Array(64);
  let scratchScores = new Float64Array(64);
  /** Writes a's list (any order) and sorts it by score, highest first, stable (insertion sort: lists are short). */
  const store = (a: number, list: ArrayLike<number>, scores: ArrayLike<number>, from: number, len: number) => {
    const base = a * K;
    for (let i = 0; i < len; i++) {
      const b = list[from + i]!;
      const sc = scores[from + i]!;
      let at = i;
      while (at > 0 && candW[base + at - 1]! < sc) {
        candTo[base + at] = candTo[base + at - 1]!;
        candW[base + at] = candW[base + at - 1]!;
        at--;
      }
      candTo[base + at] = b;
      candW[base + at] = sc;
    }
    candLen[a] = len;
  };
  /** Whether b may be on a's list: not a, not blocked, never met (as of now). */
  const allowed = (a: number, b: number) => b !== a && !blocked(a, b) && (pastCount[a] === 0 || metAge(a, b) < 0);
  /** Stores a's list from the scorer's answer list[from, from + written) (positions in request.members). */
  const keep = (a: number, list: Int32Array, scores: Float64Array, from: number, written: number) => {
    let len = 0;
    next: for (let x = from; x < from + written && len < K; x++) {
      const b = inner[list[x]!];
      if (b === undefined || !allowed(a, b)) continue;
      // A scorer should not repeat itself; the list is short, so check in place (no random access).
      for (let y = from; y < from + len; y++) if (list[y] === b) continue next;
      list[from + len] = b;
      scores[from + len++] = sane(scores[x]!);
    }
    store(a, list, scores, from, len);
  };
  const buildList = (a: number): void => {
    // Past partners are skipped here (the matching avoids them anyway), so ask the index for extra entries.
    const want = K + Math.min(pastCount[a]!, K);
    if (indexed) {
      if (scratchIds.length < want)
        [scratchIds, scratchScores] = [new Int32Array(2 * want), new Float64Array(2 * want)];
      const written = indexed.candidates(pos[a]!, want, scratchIds, scratchScores);
      keep(a, scratchIds, scratchScores, 0, written);
      return;
    }
    if (request.candidates) {
      const out: number[] = [];
      const stamp = ++seenStamp;
      for (const id of request.candidates(ids[a]!, want)) {
        const b = index.get(id);
        if (b === undefined || seenAt[b] === stamp || !allowed(a, b)) continue;
        seenAt[b] = stamp;
        out.push(b);
        if (out.length === K) break;
      }
      store(
        a,
        out,
        out.map((b) => score(a, b)),
        0,
        out.length,
      );
      return;
    }
    // No index given: score everyone (small pools) or a seeded sample (large pools), keep the best.
    const pool: number[] = [];
    if (n <= DENSE_LIMIT) for (let b = 0; b < n; b++) pool.push(b);
    else for (let s = 0; s < 8 * K; s++) pool.push(Math.floor(sampleRng() * n));
    const best = [...new Set(pool)]
      .filter((b) => allowed(a, b))
      .map((b) => [b, score(a, b)] as const)
      .sort((x, y) => y[1] - x[1])
      .slice(0, K);
    store(
      a,
      best.map(([b]) => b),
      best.map(([, sc]) => sc),
      0,
      best.length,
    );
  };
  const candidateCount = (a: number) => {
    if (candLen[a]! < 0) buildList(a);
    return candLen[a]!;
  };
  const candidateList = (a: number) => candTo.subarray(a * K, a * K + candidateCount(a));
  const candidateScores = (a: number) => candW.subarray(a * K, a * K + candidateCount(a));
  const prepareCandidates = () => {
    // In the caller's member order rather than the shuffled one: a scorer built on the same list (the common-ground
    // model) then reads its records and indexes front to back, which the memory cache rewards on large pools.
    if (indexed) {
      for (let p = 0; p < inner.length; p++) {
        const a = inner[p]!;
        if (candLen[a]! < 0) buildList(a);
      }
    }
    for (let a = 0; a < n; a++) if (candLen[a]! < 0) buildList(a);
  };

  return {
    n,
    ids,
    score,
    blocked,
    metAge,
    markMet,
    trioCount,
    K,
    candTo,
    candW,
    candidateCount,
    candidateList,
    candidateScores,
    prepareCandidates,
    reset,
  };
}

/**
 * A map from unordered index pairs to numbers: open addressing on (lo, hi) in typed arrays. A Set of a*n+b keys
 * boxes every key above 2^31 (n > 46,340) and hashes each lookup.
 */
export class PairTable {
  private cap = 1 << 8;
  private keyA: Int32Array;
  private keyB: Int32Array;
  private val: Float64Array;
  size = 0;

  constructor(expected = 0) {
    while (this.cap < 2 * expected) this.cap <<= 1;
    this.keyA = new Int32Array(this.cap).fill(-1);
    this.keyB = new Int32Array(this.cap);
    this.val = new Float64Array(this.cap);
  }

  private find(lo: number, hi: number): number {
    const mask = this.cap - 1;
    let i = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & mask;
    for (;;) {
      const k = this.keyA[i]!;
      if (k === -1 || (k === lo && this.keyB[i] === hi)) return i;
      i = (i + 1) & mask;
    }
  }

  /** The value stored for {a, b}, or `missing`. */
  get(a: number, b: number, missing: number): number {
    const i = a < b ? this.find(a, b) : this.find(b, a);
    return this.keyA[i] === -1 ? missing : this.val[i]!;
  }

  set(a: number, b: number, value: number): void {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let i = this.find(lo, hi);
    if (this.keyA[i] === -1) {
      if (2 * (this.size + 1) > this.cap) {
        this.grow();
        i = this.find(lo, hi);
      }
      this.keyA[i] = lo;
      this.keyB[i] = hi;
      this.size++;
    }
    this.val[i] = value;
  }

  clear(): void {
    if (this.size === 0) return;
    this.keyA.fill(-1);
    this.size = 0;
  }

  private grow(): void {
    const [oa, ob, ov] = [this.keyA, this.keyB, this.val];
    this.cap <<= 1;
    this.keyA = new Int32Array(this.cap).fill(-1);
    this.keyB = new Int32Array(this.cap);
    this.val = new Float64Array(this.cap);
    for (let i = 0; i < oa.length; i++) {
      if (oa[i] === -1) continue;
      const j = this.find(oa[i]!, ob[i]!);
      this.keyA[j] = oa[i]!;
      this.keyB[j] = ob[i]!;
      this.val[j] = ov[i]!;
    }
  }
}

/**
 * Memoised score for large pools. Candidate scores, swap evaluations and the final replay ask for the same pairs
 * again; the caller's score goes through string ids, a probe here through two integers.
 */
function pairCache(raw: (a: number, b: number) => number, expected: number): (a: number, b: number) => number {
  const table = new PairTable(expected);
  return (a: number, b: number) => {
    let s = table.get(a, b, -1);
    if (s < 0) {
      s = raw(a, b);
      table.set(a, b, s);
    }
    return s;
  };
}
