/** One result line of a benchmark; printed as a table row, or as one JSON object with `--json`. */
export interface BenchRow {
  bench: string;
  [metric: string]: string | number | boolean | null;
}

/** A benchmark module: `bench/<name>.bench.ts` exports `run` as default. */
export type BenchFn = (options: { quick: boolean }) => Promise<BenchRow[]>;
