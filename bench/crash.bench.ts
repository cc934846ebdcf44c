import { mulberry32 } from "../src/pairing/rng.ts";
import { type KillPoint, type PostKind, runCrashScenario } from "../test/crash/crash-run.ts";
import { discordWorld, slackWorld } from "../test/crash/worlds.ts";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * Crash loop: the bot (production wiring, its own process, a SQLite file, time 5x) runs whole Quick Meets on the
 * Discord and Slack emulators while it is SIGKILLed at random moments (wall-clock delays, or right after the
 * platform created a space or stored an intro/nudge/closing the bot never heard back about) and restarted on the
 * same file. Reported per platform: kills survived, groups, lost groups, duplicate posts, orphan spaces, and every
 * deadline's lateness (wall clock, from the deadline or the restart, whichever is later): median and max.
 */

function randomKills(next: () => number, count: number): KillPoint[] {
  const kinds: PostKind[] = ["intro", "nudge", "closing"];
  return Array.from({ length: count }, (): KillPoint => {
    const r = next();
    if (r < 0.35) return { at: "after", ms: Math.round(500 + next() * 6_000) };
    if (r < 0.55) return { at: "space", skip: Math.floor(next() * 3) };
    return { at: "post", kind: kinds[Math.floor(next() * kinds.length)] ?? "intro", skip: Math.floor(next() * 3) };
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};

const run: BenchFn = async ({ quick }) => {
  const rows: BenchRow[] = [];
  const sessions = quick ? 1 : 3;
  const killsPerSession = quick ? 4 : 7;
  for (const [platform, makeWorld] of [
    ["discord", discordWorld],
    ["slack", slackWorld],
  ] as const) {
    const next = mulberry32(platform === "discord" ? 22 : 23);
    const totals = { kills: 0, groups: 0, lost: 0, duplicates: 0, orphans: 0, lateness: [] as number[], problems: 0 };
    const startedAt = Date.now();
    for (let s = 0; s < sessions; s++) {
      const world = await makeWorld(6);
      try {
        const result = await runCrashScenario({
          world,
          kills: randomKills(next, killsPerSession),
          rounds: 2,
          minutes: 4,
          scale: 5,
          fallbackMs: 20_000,
          timeoutMs: 180_000,
        });
        totals.kills += result.kills;
        totals.groups += result.groups;
        totals.lost += result.lostGroups;
        totals.duplicates += result.duplicatePosts;
        totals.orphans += result.orphanSpaces;
        totals.lateness.push(...result.lateness);
        totals.problems += result.problems.length;
        for (const p of result.problems) console.error(`crash bench (${platform}): ${p}`);
      } finally {
        await world.close();
      }
    }
    rows.push({
      bench: "crash",
      platform,
      sessions,
      killsSurvived: totals.kills,
      groups: totals.groups,
      lostGroups: totals.lost,
      duplicatePosts: totals.duplicates,
      orphanSpaces: totals.orphans,
      deadlines: totals.lateness.length,
      latenessMedianMs: Math.round(median(totals.lateness)),
      latenessMaxMs: Math.round(Math.max(0, ...totals.lateness)),
      problems: totals.problems,
      wallS: Math.round((Date.now() - startedAt) / 1000),
    });
  }
  return rows;
};

export default run;
