import type { TimeRange } from "./port.ts";

/** True when the record's numeric `at` lies in [since, until); records without one are outside every range. */
export function inRange(record: unknown, range: TimeRange): boolean {
  const at = (record as { at?: unknown } | null)?.at;
  if (typeof at !== "number") return false;
  return (range.since === undefined || at >= range.since) && (range.until === undefined || at < range.until);
}
