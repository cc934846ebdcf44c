import { afterEach, describe, expect, it } from "vitest";
import { type KillPoint, runCrashScenario } from "./crash-run.ts";
import { discordWorld, slackWorld, type World } from "./worlds.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/**
 * The bot (the production wiring, in its own process, on a SQLite file) is SIGKILLed at the moments that used to
 * lose or double things, and restarted on the same file each time: in the lobby, right after the platform created a
 * group's space the bot had not stored yet, right after the platform stored an intro, a nudge or a closing whose
 * answer the bot never got. Time runs 5× faster in the bot, so the Quick Meet takes about a minute, plus the restarts.
 */
const KILLS: KillPoint[] = [
  { at: "lobby" },
  { at: "space", skip: 1 },
  { at: "post", kind: "intro" },
  { at: "post", kind: "nudge" },
  { at: "post", kind: "closing" },
];

describe.each([
  ["Discord", discordWorld],
  ["Slack", slackWorld],
] as const)("the bot SIGKILLed and restarted during a Quick Meet on %s", (_name, makeWorld) => {
  it("loses no group, posts nothing twice, leaves no orphan space, and meets every deadline within 5 s", async () => {
    world = await makeWorld(6);
    // One 4-minute round (48 s of wall-clock time): long enough that the restarts (a few seconds each on a loaded
    // machine) leave the round time to happen, as they would in real time.
    const result = await runCrashScenario({ world, kills: KILLS, rounds: 1, minutes: 4, scale: 5, timeoutMs: 200_000 });
    expect(result.problems).toEqual([]);
    expect(result.kills).toBe(KILLS.length);
    expect(result.groups).toBe(3);
    expect(result.lostGroups).toBe(0);
    expect(result.duplicatePosts).toBe(0);
    expect(result.orphanSpaces).toBe(0);
    expect(Math.max(...result.lateness)).toBeLessThanOrEqual(5_000);
  }, 300_000);
});
