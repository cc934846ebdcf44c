/** Exhaustive reference solvers for small pools; slow on purpose, trusted because they are simple. */

/** Best total weight over matchings of maximum size (maxCardinality) or over all matchings. */
export function bruteForceMatching(
  n: number,
  weight: (a: number, b: number) => number | undefined,
  maxCardinality: boolean,
): { size: number; total: number } {
  const used = new Array<boolean>(n).fill(false);
  let best = { size: -1, total: Number.NEGATIVE_INFINITY };
  const better = (size: number, total: number) =>
    maxCardinality ? size > best.size || (size === best.size && total > best.total + 1e-9) : total > best.total + 1e-9;
  const go = (i: number, size: number, total: number): void => {
    while (i < n && used[i]) i++;
    if (i >= n) {
      if (better(size, total)) best = { size, total };
      return;
    }
    used[i] = true;
    go(i + 1, size, total); // i stays single
    for (let j = i + 1; j < n; j++) {
      const w = weight(i, j);
      if (used[j] || w === undefined) continue;
      used[j] = true;
      go(i + 1, size + 1, total + w);
      used[j] = false;
    }
    used[i] = false;
  };
  go(0, 0, 0);
  return best;
}
