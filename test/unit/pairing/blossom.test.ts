import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Edge, maxWeightMatching } from "../../../src/pairing/blossom.ts";
import { bruteForceMatching } from "./brute-force.ts";

const shift = (edges: Edge[]): Edge[] => edges.map(([a, b, w]) => [a - 1, b - 1, w]);
const solve = (n: number, edges: Edge[], maxCard = false) => Array.from(maxWeightMatching(n, shift(edges), maxCard));

describe("maxWeightMatching", () => {
  it("handles the classic blossom cases (S-blossoms, T-blossoms, nesting, expansion)", () => {
    expect(solve(2, [[1, 2, 10]])).toEqual([1, 0]);
    expect(
      solve(3, [
        [1, 2, 10],
        [2, 3, 11],
      ]),
    ).toEqual([-1, 2, 1]);
    expect(
      solve(4, [
        [1, 2, 5],
        [2, 3, 11],
        [3, 4, 5],
      ]),
    ).toEqual([-1, 2, 1, -1]);
    expect(
      solve(
        4,
        [
          [1, 2, 5],
          [2, 3, 11],
          [3, 4, 5],
        ],
        true,
      ),
    ).toEqual([1, 0, 3, 2]);
    expect(
      solve(6, [
        [1, 2, 8],
        [1, 3, 9],
        [2, 3, 10],
        [3, 4, 7],
        [1, 6, 5],
        [4, 5, 6],
      ]),
    ).toEqual([5, 2, 1, 4, 3, 0]);
    expect(
      solve(6, [
        [1, 2, 9],
        [1, 3, 8],
        [2, 3, 10],
        [1, 4, 5],
        [4, 5, 3],
        [3, 6, 4],
      ]),
    ).toEqual([1, 0, 5, 4, 3, 2]);
    expect(
      solve(6, [
        [1, 2, 9],
        [1, 3, 9],
        [2, 3, 10],
        [2, 4, 8],
        [3, 5, 8],
        [4, 5, 10],
        [5, 6, 6],
      ]),
    ).toEqual([2, 3, 0, 1, 5, 4]);
    expect(
      solve(8, [
        [1, 2, 23],
        [1, 5, 22],
        [1, 6, 15],
        [2, 3, 25],
        [3, 4, 22],
        [4, 5, 25],
        [4, 8, 14],
        [5, 7, 13],
      ]),
    ).toEqual([5, 2, 1, 7, 6, 0, 4, 3]);
    expect(
      solve(12, [
        [1, 2, 45],
        [1, 7, 45],
        [2, 3, 50],
        [3, 4, 45],
        [4, 5, 95],
        [4, 6, 94],
        [5, 6, 94],
        [6, 7, 50],
        [1, 8, 30],
        [3, 11, 35],
        [5, 9, 36],
        [7, 10, 26],
        [11, 12, 5],
      ]),
    ).toEqual([7, 2, 1, 5, 8, 3, 9, 0, 4, 6, 11, 10]);
    expect(
      solve(10, [
        [1, 2, 40],
        [1, 3, 40],
        [2, 3, 60],
        [2, 4, 55],
        [3, 5, 55],
        [4, 5, 50],
        [1, 8, 15],
        [5, 7, 30],
        [7, 6, 10],
        [8, 10, 10],
        [4, 9, 30],
      ]),
    ).toEqual([1, 0, 4, 8, 2, 6, 5, 9, 3, 7]);
  });

  it("finds the same optimum as brute force on random small graphs, with and without max cardinality", () => {
    const graph = fc.integer({ min: 1, max: 11 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        w: fc.array(fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined, freq: 3 }), {
          minLength: (n * (n - 1)) / 2,
          maxLength: (n * (n - 1)) / 2,
        }),
        maxCard: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(graph, ({ n, w, maxCard }) => {
        const edges: Edge[] = [];
        const weight = new Map<string, number>();
        let k = 0;
        for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++) {
            const x = w[k++];
            if (x === undefined) continue;
            edges.push([i, j, x]);
            weight.set(`${i},${j}`, x);
          }
        }
        const mate = maxWeightMatching(n, edges, maxCard);
        let size = 0;
        let total = 0;
        for (let i = 0; i < n; i++) {
          const j = mate[i]!;
          if (j === -1) continue;
          expect(mate[j]).toBe(i);
          if (i < j) {
            const x = weight.get(`${i},${j}`);
            expect(x).toBeDefined();
            size++;
            total += x!;
          }
        }
        const best = bruteForceMatching(n, (a, b) => weight.get(`${a},${b}`), maxCard);
        if (maxCard) expect(size).toBe(best.size);
        expect(total).toBe(best.total);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
