/**
 * Pairing benchmark: quality (ratio to the exact optimum or to an upper bound), time and repeats, for the engine
 * and for comparison methods on the same instances. `npm run bench -- pairing [--quick] [--json]`.
 *
 * Pools are synthetic but realistic (bench/data/pairing-instances.ts) and are scored and searched by the product's
 * common-ground model through its integer fast path, exactly as a Quick Meet plans them (src/session/plan-compute.ts).
 * The n=2,000 optimum is stored in bench/data/pairing-optimum.json (see pairing-compute-optimum.ts). Larger pools
 * are compared with LP upper bounds (bench/data/pairing-bound.ts): on the engine's own candidate graph (what the
 * auction could reach) and on a much richer one (8x the postings read, 24 partners per member: how much the
 * candidate lists themselves leave on the table).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCommonGroundModel, type CommonGroundModel, type ProfileInput } from "../src/common-ground/index.ts";
import { candidateK } from "../src/pairing/context.ts";
import { type Edge, maxWeightMatching, type PairingRequest, type PastGroup, planRounds } from "../src/pairing/index.ts";
import { matchingUpperBound, pastPairs } from "./data/pairing-bound.ts";
import { scoreFingerprint, syntheticProfiles, weeklyHistory } from "./data/pairing-instances.ts";
import type { BenchRow } from "./types.ts";

const stored = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), "data", "pairing-optimum.json"), "utf8"),
) as { n: number; seed: string; optimum: number; fingerprint: number; ms: number };

const timed = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const out = f();
  return [out, performance.now() - t];
};
/** CPU milliseconds of this process: on a shared machine wall time also measures the neighbours. */
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const ratio = (x: number, of: number) => (of > 0 ? Math.round((x / of) * 10000) / 10000 : null);

interface Pool {
  profiles: ProfileInput[];
  ids: string[];
  model: CommonGroundModel;
  /** Building the common-ground model from the profiles (once per plan in the product). */
  modelMs: number;
}

function pool(n: number, seed: string): Pool {
  const profiles = syntheticProfiles(n, seed);
  const [model, modelMs] = timed(() => buildCommonGroundModel(profiles));
  return { profiles, ids: profiles.map((p) => p.userId), model, modelMs };
}

/**
 * The request a Quick Meet sends (plan-compute.ts), with the model's integer fast path. Each request gets a model of
 * its own, as each plan does in the product, so the timed plan pays for the candidate indexes it builds lazily.
 */
const request = (p: Pool, extra: Partial<PairingRequest> = {}): PairingRequest => {
  const model = buildCommonGroundModel(p.profiles);
  return {
    members: p.ids,
    score: (a, b) => model.score(a, b),
    indexed: model.forMembers(p.ids),
    groupSize: 2,
    rounds: 1,
    seed: "bench",
    now: Date.UTC(2026, 0, 1),
    ...extra,
  };
};

function engine(label: string, req: PairingRequest, reference: number, extra: Record<string, unknown> = {}): BenchRow {
  const cpu0 = cpuNow();
  const [plan, ms] = timed(() => planRounds(req));
  const cpuMs = cpuNow() - cpu0;
  return {
    bench: "pairing",
    case: label,
    n: req.members.length,
    method: "engine",
    rounds: plan.rounds.length,
    ms: r3(ms),
    msPerRound: r3(ms / plan.rounds.length),
    cpuMs: r3(cpuMs),
    score: r3(plan.rounds[0]!.score),
    ratio: ratio(plan.rounds[0]!.score, reference),
    repeats: plan.repeats,
    unplaced: plan.rounds.reduce((s, r) => s + r.unplaced.length, 0),
    ...(extra as Record<string, string | number>),
  };
}

/** Baseline: plain greedy on the same candidate edges, heaviest first, leftovers paired in order. No swaps. */
function greedy(p: Pool, k: number, excluded?: (i: number, j: number) => boolean): number {
  const edges: [number, number, number][] = [];
  const scoring = p.model.forMembers(p.ids);
  const out = new Int32Array(2 * k);
  const scores = new Float64Array(2 * k);
  for (let i = 0; i < p.ids.length; i++) {
    const written = scoring.candidates(i, 2 * k, out, scores);
    let kept = 0;
    for (let x = 0; x < written && kept < k; x++) {
      if (excluded?.(i, out[x]!)) continue;
      edges.push([i, out[x]!, scores[x]!]);
      kept++;
    }
  }
  edges.sort((x, y) => y[2] - x[2]);
  const taken = new Uint8Array(p.ids.length);
  let total = 0;
  for (const [a, b, w] of edges) {
    if (a === b || taken[a] || taken[b]) continue;
    taken[a] = taken[b] = 1;
    total += w;
  }
  const left = p.ids.map((_, i) => i).filter((i) => !taken[i]);
  for (let i = 0; i + 1 < left.length; i += 2) total += scoring.score(left[i]!, left[i + 1]!);
  return total;
}

/** Exact blossom (integer-scaled) on every pair (`dense`) or on each member's top `k` candidates. */
function blossom(p: Pool, k: number | "dense"): number {
  const scoring = p.model.forMembers(p.ids);
  const n = p.ids.length;
  const edges: Edge[] = [];
  const seen = new Set<number>();
  const push = (i: number, j: number) => {
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (i === j || seen.has(key)) return;
    seen.add(key);
    edges.push([i, j, Math.round(scoring.score(i, j) * 1e6)]);
  };
  const out = new Int32Array(typeof k === "number" ? k : 0);
  const scores = new Float64Array(out.length);
  for (let i = 0; i < n; i++) {
    if (k === "dense") for (let j = i + 1; j < n; j++) push(i, j);
    else {
      const written = scoring.candidates(i, k, out, scores);
      for (let x = 0; x < written; x++) push(i, out[x]!);
    }
  }
  const mate = maxWeightMatching(n, edges, false);
  let total = 0;
  for (let i = 0; i < n; i++) if (mate[i]! > i) total += scoring.score(i, mate[i]!);
  return total;
}

/** A first plan in a process of its own (bench/data/pairing-cold.ts). */
function firstPlan(mode: "cold" | "warm"): { ms: number; warmMs: number; score: number; repeats: number } {
  const script = join(dirname(fileURLToPath(import.meta.url)), "data", "pairing-cold.ts");
  const out = execFileSync(process.execPath, ["--import", "tsx", script, mode, stored.seed], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/** Steady-state row: `times` plans, as the median plan with the slowest time and the lowest ratio. */
function medianRow(times: number, plan: (seed: number) => BenchRow): BenchRow {
  const list = Array.from({ length: times }, (_, s) => plan(s));
  const mid = [...list].sort((a, b) => Number(a.ms) - Number(b.ms))[times >> 1]!;
  return {
    ...mid,
    ref: `${mid.ref ? `${mid.ref}; ` : ""}median of ${times} seeds`,
    ratioMin: Math.min(...list.map((r) => Number(r.ratio))),
    msMax: Math.max(...list.map((r) => Number(r.ms))),
  };
}

const row = (label: string, n: number, method: string, fields: Record<string, string | number | null>): BenchRow => ({
  bench: "pairing",
  case: label,
  n,
  method,
  ...fields,
});

/**
 * Every case in a function of its own: a case's pools and history die when it returns, so the next case's plans
 * run on a heap like the planning worker's (the job and its model), not on the leftovers of the cases before.
 */
export default async function run({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  return [...realistic2000(quick), ...exact300(), ...history10k(), ...(quick ? [] : large100k()), ...roundRobin16()];
}

// n=2,000 realistic profiles vs the stored exact optimum: the first plan of a fresh process (nothing compiled
// yet), the first plan after the planning worker's warm-up (also a fresh process), then steady state in this
// process (the median of five seeds).
function realistic2000(quick: boolean): BenchRow[] {
  const rows: BenchRow[] = [];
  const p = pool(stored.n, stored.seed);
  const fresh = scoreFingerprint(p.ids, (a, b) => p.model.score(a, b)) === stored.fingerprint;
  const opt = fresh ? stored.optimum : Number.NaN; // a changed score makes the stored optimum meaningless
  const ref = fresh ? "stored optimum" : "STALE optimum: rerun bench/data/pairing-compute-optimum.ts";
  const modelMs = r3(p.modelMs);
  // A first plan is one sample per process; the one after warm-up (what a Quick Meet sees) is the median of three.
  for (const mode of ["cold", "warm"] as const) {
    const tries = Array.from({ length: mode === "warm" ? 3 : 1 }, () => firstPlan(mode)).sort((a, b) => a.ms - b.ms);
    const first = tries[tries.length >> 1]!;
    rows.push(
      row("realistic-2000", stored.n, "engine", {
        rounds: 1,
        ms: r3(first.ms),
        ratio: ratio(first.score, opt),
        repeats: first.repeats,
        ref:
          mode === "cold"
            ? "first plan in a fresh process"
            : "first plan after the worker's warm-up: median of 3 processes",
        ...(mode === "warm" ? { warmMs: r3(first.warmMs), msMax: r3(tries[tries.length - 1]!.ms) } : { modelMs }),
      }),
    );
  }
  // Steady state is what the long-lived planning worker sees once it has planned a round or two.
  for (let s = 0; s < 2; s++) planRounds(request(p, { seed: `settle-${s}` }));
  rows.push(
    medianRow(5, (s) => engine("realistic-2000", request(p, { seed: `steady-${s}` }), opt, { ref: "steady state" })),
  );
  const K = candidateK(stored.n);
  const [g, gMs] = timed(() => greedy(p, K));
  rows.push(row("realistic-2000", 2000, "greedy", { ms: r3(gMs), ratio: ratio(g, opt) }));
  if (!quick) {
    const [b, bMs] = timed(() => blossom(p, 16));
    rows.push(row("realistic-2000", 2000, "blossom-on-16-candidates", { ms: r3(bMs), ratio: ratio(b, opt) }));
  }
  rows.push(row("realistic-2000", 2000, "blossom-exact-offline", { ms: stored.ms, ratio: fresh ? 1 : null }));
  const scoring = p.model.forMembers(p.ids);
  const [own, ownMs] = timed(() => matchingUpperBound({ n: stored.n, scoring, k: K }));
  const [dense, denseMs] = timed(() => matchingUpperBound({ n: stored.n, scoring, dense: true }));
  rows.push(
    row("realistic-2000", 2000, "bound: engine's candidate graph", {
      ms: r3(ownMs),
      bound: r3(own),
      ratio: ratio(opt, own),
      ref: "optimum / bound (a bound over candidates only can sit below the optimum)",
    }),
  );
  rows.push(
    row("realistic-2000", 2000, "bound: every pair (LP dual)", {
      ms: r3(denseMs),
      bound: r3(dense),
      ratio: ratio(opt, dense),
      ref: "optimum / bound: how tight the LP bound is",
    }),
  );
  rows.push(engine("session-2000x5", request(p, { rounds: 5 }), opt, { ref }));
  rows.push(engine("trios-2000", request(p, { groupSize: 3 }), Number.NaN, { ref: "no reference" }));
  return rows;
}

// n=300: the engine is exact here; the dense blossom (max weight, no cardinality rule) is the reference.
function exact300(): BenchRow[] {
  const rows: BenchRow[] = [];
  const p = pool(300, "bench-300");
  const [opt, optMs] = timed(() => blossom(p, "dense"));
  rows.push(engine("exact-300", request(p), opt, { ref: "dense blossom" }));
  rows.push(row("exact-300", 300, "blossom-dense", { ms: r3(optMs), ratio: 1 }));
  return rows;
}

// n=10,000 with a year of weekly history (260,000 past groups); the time includes indexing the history and
// building every candidate list.
function history10k(): BenchRow[] {
  const rows: BenchRow[] = [];
  const p = pool(10_000, "bench-10k");
  const history: PastGroup[] = weeklyHistory(p.ids, 52, Date.UTC(2026, 0, 1), "bench-10k");
  const excluded = pastPairs(p.ids, history);
  const own = matchingUpperBound({ n: p.ids.length, scoring: p.model.forMembers(p.ids), excluded, k: 24 });
  const rich = matchingUpperBound({
    n: p.ids.length,
    scoring: p.model.forMembers(p.ids, { scanFactor: 8 }),
    excluded,
    k: 32,
  });
  const r = engine("history-10k", request(p, { history }), own, {
    ref: "bound on the engine's candidate graph",
    modelMs: r3(p.modelMs),
    pastGroups: history.length,
  });
  r.ratioRich = ratio(Number(r.score), rich);
  rows.push(r);
  const [g, gMs] = timed(() => greedy(p, candidateK(10_000), excluded));
  rows.push(row("history-10k", 10_000, "greedy", { ms: r3(gMs), ratio: ratio(g, own), ratioRich: ratio(g, rich) }));
  rows.push(row("history-10k", 10_000, "bounds", { own: r3(own), rich: r3(rich) }));
  return rows;
}

// n=100,000: one round (it pays for every candidate list), then a three-round plan.
function large100k(): BenchRow[] {
  const rows: BenchRow[] = [];
  const p = pool(100_000, "bench-100k");
  const own = matchingUpperBound({ n: p.ids.length, scoring: p.model.forMembers(p.ids), k: candidateK(100_000) });
  const rich = matchingUpperBound({ n: p.ids.length, scoring: p.model.forMembers(p.ids, { scanFactor: 8 }), k: 24 });
  const extra = { ref: "bound on the engine's candidate graph", modelMs: r3(p.modelMs) };
  const single = medianRow(3, (s) => engine("large-100k", request(p, { seed: `large-${s}` }), own, extra));
  const three = engine("large-100k", request(p, { rounds: 3 }), own, extra);
  for (const r of [single, three]) {
    r.ratioRich = ratio(Number(r.score), rich);
    rows.push(r);
  }
  const [g, gMs] = timed(() => greedy(p, candidateK(100_000)));
  rows.push(row("large-100k", 100_000, "greedy", { ms: r3(gMs), ratio: ratio(g, own), ratioRich: ratio(g, rich) }));
  rows.push(row("large-100k", 100_000, "bounds", { own: r3(own), rich: r3(rich) }));
  return rows;
}

// 16 members × 15 rounds: a complete round-robin.
function roundRobin16(): BenchRow[] {
  const rows: BenchRow[] = [];
  const p = pool(16, "bench-16");
  const [plan, ms] = timed(() => planRounds(request(p, { rounds: 15 })));
  const pairs = new Set(plan.rounds.flatMap((r) => r.groups.map((g) => [...g.members].sort().join("|"))));
  rows.push(
    row("round-robin-16x15", 16, "engine", {
      rounds: 15,
      ms: r3(ms),
      repeats: plan.repeats,
      distinctPairs: pairs.size,
      ref: "120 = everyone met everyone once",
    }),
  );
  return rows;
}
