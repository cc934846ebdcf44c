/**
 * Offline: the exact maximum-weight matching of the n=2,000 benchmark pool, stored so the benchmark need not
 * recompute it. Run `npx tsx bench/data/pairing-compute-optimum.ts` after changing the instance or the score.
 *
 * Dense blossom on 2M edges would take very long, so this solves on each member's best edges, then checks every
 * other pair against the blossom's vertex duals (u(i) + u(j) >= w(i,j) proves the pair cannot help, LP duality),
 * adds the pairs that fail, and repeats until none fails: the result is the exact optimum of the dense graph.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Edge, maxWeightMatchingWithDuals } from "../../src/pairing/index.ts";
import { poolScore, scoreFingerprint, syntheticProfiles } from "./pairing-instances.ts";

export const OPTIMUM_N = 2000;
export const OPTIMUM_SEED = "bench-2000";
const SCALE = 1e6; // integer weights keep the blossom's duals exact

const started = performance.now();
const profiles = syntheticProfiles(OPTIMUM_N, OPTIMUM_SEED);
const ids = profiles.map((p) => p.userId);
const score = poolScore(profiles);
const n = OPTIMUM_N;
const w = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) w[i * n + j] = w[j * n + i] = score(ids[i]!, ids[j]!);
const inSet = new Uint8Array(n * n);
const edges: Edge[] = [];
const add = (i: number, j: number) => {
  if (inSet[i * n + j] || w[i * n + j] === 0) return;
  inSet[i * n + j] = inSet[j * n + i] = 1;
  edges.push([i, j, Math.round(w[i * n + j]! * SCALE)]);
};
for (let i = 0; i < n; i++) {
  const order = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => w[i * n + b]! - w[i * n + a]!);
  for (const j of order.slice(0, 20)) add(i, j);
}
let iterations = 0;
let total = 0;
for (;;) {
  iterations++;
  const { mate, vertexDual } = maxWeightMatchingWithDuals(n, edges, false);
  let added = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (inSet[i * n + j]) continue;
      if (vertexDual[i]! + vertexDual[j]! < Math.round(w[i * n + j]! * SCALE)) {
        add(i, j);
        added++;
      }
    }
  }
  total = 0;
  for (let i = 0; i < n; i++) if (mate[i]! > i) total += w[i * n + mate[i]!]!;
  console.log(`iteration ${iterations}: ${edges.length} edges, weight ${total.toFixed(6)}, ${added} pairs added`);
  if (added === 0) break;
}
const out = {
  n,
  seed: OPTIMUM_SEED,
  optimum: total,
  fingerprint: scoreFingerprint(ids, score),
  method: "blossom on candidate edges + dual check of every pair",
  iterations,
  edges: edges.length,
  ms: Math.round(performance.now() - started),
};
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), "pairing-optimum.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log(out);
