import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auctionMatching, buildAdjacency, dualBound } from "../../../src/pairing/auction.ts";
import { type Edge, maxWeightMatching } from "../../../src/pairing/index.ts";

/** Exact maximum weight of a matching (blossom on integer weights). */
function optimum(n: number, edges: [number, number, number][]): number {
  const mate = maxWeightMatching(n, edges as Edge[], false);
  const w = new Map(edges.map(([a, b, x]) => [`${Math.min(a, b)}|${Math.max(a, b)}`, x]));
  let total = 0;
  for (let i = 0; i < n; i++) if (mate[i]! > i) total += w.get(`${i}|${mate[i]}`)!;
  return total;
}

const graph = fc
  .integer({ min: 2, max: 14 })
  .chain((n) =>
    fc
      .uniqueArray(
        fc.tuple(
          fc.integer({ min: 0, max: n - 1 }),
          fc.integer({ min: 0, max: n - 1 }),
          fc.integer({ min: 1, max: 50 }),
        ),
        { selector: ([a, b]) => `${Math.min(a, b)}|${Math.max(a, b)}`, maxLength: 40 },
      )
      .map((edges) => ({ n, edges: edges.filter(([a, b]) => a !== b) })),
  );

describe("dual upper bound of a matching (what the benchmark reports ratios against)", () => {
  it("is never below the exact optimum, on the auction's prices or on any prices", () => {
    fc.assert(
      fc.property(
        graph,
        fc.array(fc.float({ min: 0, max: 60, noNaN: true }), { minLength: 14, maxLength: 14 }),
        (g, raw) => {
          const adj = buildAdjacency(
            g.n,
            g.edges.map((e) => e[0]),
            g.edges.map((e) => e[1]),
            g.edges.map((e) => e[2]),
          );
          const best = optimum(g.n, g.edges);
          const { price, mate, mateW } = auctionMatching(adj, 1e-6);
          expect(dualBound(adj, price)).toBeGreaterThanOrEqual(best - 1e-6);
          expect(dualBound(adj, Float64Array.from(raw.slice(0, g.n)))).toBeGreaterThanOrEqual(best - 1e-6);
          // The auction's own matching is a matching: never above the optimum.
          let found = 0;
          for (let i = 0; i < g.n; i++) if (mate[i]! > i) found += mateW[i]!;
          expect(found).toBeLessThanOrEqual(best + 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is tight on a bipartite graph (no odd cycles): bound equals the optimum", () => {
    // Left 0..3, right 4..7.
    const edges: [number, number, number][] = [
      [0, 4, 10],
      [0, 5, 7],
      [1, 5, 9],
      [1, 6, 3],
      [2, 6, 8],
      [2, 7, 2],
      [3, 7, 6],
      [3, 4, 5],
    ];
    const adj = buildAdjacency(
      8,
      edges.map((e) => e[0]),
      edges.map((e) => e[1]),
      edges.map((e) => e[2]),
    );
    expect(dualBound(adj, auctionMatching(adj, 1e-9).price)).toBeCloseTo(optimum(8, edges), 4);
  });

  it("stopped with a few bidders unassigned, still pairs everyone else along real edges, never above the optimum", () => {
    fc.assert(
      fc.property(graph, fc.integer({ min: 1, max: 4 }), (g, tail) => {
        const adj = buildAdjacency(
          g.n,
          g.edges.map((e) => e[0]),
          g.edges.map((e) => e[1]),
          g.edges.map((e) => e[2]),
        );
        const weight = new Map(g.edges.map(([a, b, x]) => [`${Math.min(a, b)}|${Math.max(a, b)}`, x]));
        const { mate, mateW } = auctionMatching(adj, 1e-6, tail);
        let found = 0;
        for (let i = 0; i < g.n; i++) {
          const j = mate[i]!;
          if (j < 0) continue;
          // Symmetric, on an edge of the graph, with that edge's weight.
          expect(mate[j]).toBe(i);
          expect(mateW[i]).toBe(weight.get(`${Math.min(i, j)}|${Math.max(i, j)}`));
          if (j > i) found += mateW[i]!;
        }
        expect(found).toBeLessThanOrEqual(optimum(g.n, g.edges) + 1e-6);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
