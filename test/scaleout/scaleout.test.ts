import { describe, expect, it } from "vitest";
import { testPgUrl } from "./pg.ts";
import { runBigRound, runJoinBurst, runRounds } from "./scenarios.ts";

const adminUrl = testPgUrl();

/**
 * Short, fixed-size versions of the `scaleout` benchmark's scenarios (the sizes live in the bench): real bot
 * processes (Bolt HTTP adapter + the core) on one PostgreSQL against the Slack emulator.
 */
describe.skipIf(!adminUrl)("several bot processes on PostgreSQL", () => {
  it("3 processes x 3 channels x 2 rounds: each round and group changes state once, one intro, nudge and closing per space, rounds end within 1 s of their deadline", async () => {
    const r = await runRounds({
      adminUrl: adminUrl ?? "",
      processes: 3,
      channels: 3,
      membersPerChannel: 4,
      rounds: 2,
      minutes: 2,
      scale: 20,
      rateScale: 20,
    });
    const { lateness, ...counts } = r;
    console.log(JSON.stringify(r));
    expect(counts).toEqual({ sessions: 3, stuck: 0, groups: 3 * 2 * 2, duplicates: 0, missing: 0, stateChangesOff: 0 });
    expect(Math.max(...lateness)).toBeLessThanOrEqual(1_000);
  }, 120_000);
});
