import type { EngineParts } from "../engine-parts.ts";
import { keys } from "../store/keys.ts";

/** Store housekeeping runs this often: expired rows leave the file, and a forget-me is compacted away. */
export const MAINTENANCE_EVERY_MS = 3_600_000;
const JOB_KIND = "store-maintenance";
const JOB_ID = "store-maintenance";

/**
 * Asks for a compaction at the next maintenance run (forget-me: the member's words must leave the file's free
 * pages too), and brings that run forward to now.
 */
export async function requestCompaction(ctx: Pick<EngineParts, "clock" | "jobs" | "store">): Promise<void> {
  await ctx.store.set(keys.compactionWanted(), true);
  await ctx.jobs.schedule({ id: JOB_ID, kind: JOB_KIND, at: ctx.clock.now(), data: {} });
}

/**
 * The repeating maintenance job: rows past their TTL (`seen:` ids, answer markers, space links, attempt markers)
 * are deleted from the store rather than only ignored (SQLite's secure_delete zeroes their bytes), and the file is
 * compacted when a forget-me asked for it. Not every hour: VACUUM rewrites the whole file, and freed pages are reused.
 */
export function registerMaintenance(ctx: Pick<EngineParts, "clock" | "jobs" | "logger" | "store">): void {
  ctx.jobs.on(JOB_KIND, async () => {
    const purged = await ctx.store.purgeExpired();
    const wanted = (await ctx.store.get<boolean>(keys.compactionWanted())) === true;
    if (wanted) {
      await ctx.store.delete(keys.compactionWanted());
      await ctx.store.compact();
    }
    ctx.logger.info("store maintenance", { purged, compacted: wanted });
    return { rescheduleAt: ctx.clock.now() + MAINTENANCE_EVERY_MS };
  });
}

/** At start-up: the maintenance job exists (a stored one keeps its time). */
export async function ensureMaintenance(ctx: Pick<EngineParts, "clock" | "jobs">): Promise<void> {
  if (await ctx.jobs.isScheduled(JOB_ID)) return;
  await ctx.jobs.schedule({ id: JOB_ID, kind: JOB_KIND, at: ctx.clock.now() + MAINTENANCE_EVERY_MS, data: {} });
}
