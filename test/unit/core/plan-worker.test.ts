import { describe, expect, it } from "vitest";
import type { PlanJob } from "../../../src/session/plan-compute.ts";
import { createWorkerPlanRunner, inlinePlanRunner } from "../../../src/session/plan-runner.ts";
import { createHarness } from "../../fakes/harness.ts";

const job: PlanJob = {
  profiles: Array.from({ length: 40 }, (_, i) => ({
    userId: `u${i}`,
    displayName: `U${i}`,
    interests: [["hiking", "jazz", "pr", "data"][i % 4] ?? "x", ["chess", "film"][i % 2] ?? "y"],
    lookingFor: [],
  })),
  history: [{ members: ["u0", "u1"], at: Date.parse("2026-11-01T10:00:00Z") }],
  blocks: [["u2", "u3"]],
  groupSize: 2,
  rounds: 3,
  seed: "worker-test",
  trioCounts: [],
  now: Date.parse("2026-11-25T10:00:00Z"),
};

describe("round planning in a worker thread", () => {
  it("gives exactly the plan the main thread would, without blocking it", async () => {
    const worker = createWorkerPlanRunner();
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const offThread = await worker.plan(job);
      clearInterval(timer);
      // The main thread kept running timers while the worker planned.
      expect(ticks).toBeGreaterThan(0);
      const inline = await inlinePlanRunner.plan(job);
      const strip = (p: typeof inline) => p.rounds.map((r) => r.groups.map((g) => g.members));
      expect(strip(offThread)).toEqual(strip(inline));
      expect(offThread.repeats).toBe(0);
    } finally {
      await worker.close();
    }
  });

  it("runs a whole round through the bot with the worker runner", async () => {
    const worker = createWorkerPlanRunner();
    const h = createHarness({ planRunner: worker });
    await h.command("org", "start", { rounds: 1, lobby_minutes: 1 }, true);
    const join = h.lobby()!.message.buttons![0]![0]!.actionId;
    for (const m of ["a", "b", "c", "d", "e"]) await h.click(m, join);
    await h.advance(60_000);
    expect(h.platform.spaces.map((s) => s.members.length).sort()).toEqual([2, 3]);
    await h.bot.stop();
  });
});
