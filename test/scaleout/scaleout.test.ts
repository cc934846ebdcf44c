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
    expect(counts).toEqual({
      sessions: 3,
      participants: 12,
      stuck: 0,
      groups: 3 * 2 * 2,
      duplicates: 0,
      missing: 0,
      stateChangesOff: 0,
    });
    expect(Math.max(...lateness)).toBeLessThanOrEqual(1_000);
  }, 120_000);

  it("kill -9 of a process mid-round: no session stuck, every round ends within 20 s of its deadline, no duplicate post", async () => {
    const r = await runRounds({
      adminUrl: adminUrl ?? "",
      processes: 2,
      channels: 2,
      membersPerChannel: 4,
      rounds: 2,
      minutes: 2,
      scale: 20,
      rateScale: 20,
      kill: true,
    });
    const { lateness, killed: _, ...counts } = r;
    expect(counts).toEqual({
      sessions: 2,
      participants: 8,
      stuck: 0,
      groups: 2 * 2 * 2,
      duplicates: 0,
      missing: 0,
      stateChangesOff: 0,
    });
    expect(Math.max(...lateness)).toBeLessThanOrEqual(20_000);
  }, 120_000);

  it("200 Join clicks in one second over 2 processes: participants = clickers = replies = joined events", async () => {
    const r = await runJoinBurst({ adminUrl: adminUrl ?? "", processes: 2, clicks: 200 });
    // Acknowledgement times are the bench's figures (this machine's load decides them); nothing may be lost.
    expect(r).toMatchObject({ participants: 200, distinctClickers: 200, youreIn: 200, joinedEvents: 200 });
  }, 120_000);

  it("two processes opening a 100-member Slack round: every intro posted, 429 share within 1%", async () => {
    const r = await runBigRound({
      adminUrl: adminUrl ?? "",
      processes: 2,
      members: 100,
      scale: 20,
      rateScale: 20,
      lobbyMinutes: 4,
    });
    expect(r.introsPosted).toBe(r.groups);
    expect(r.share).toBeLessThanOrEqual(0.01);
  }, 120_000);
});
