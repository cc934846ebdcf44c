import { afterEach, describe, expect, it } from "vitest";
import { SandboxClock } from "../../../adapters/sandbox/clock.ts";
import { type SandboxFixture, startSandbox } from "./sandbox-fixture.ts";

// The page's own module (plain browser JavaScript, no DOM use at import time, no type declarations).
const RENDER: string = "../../../adapters/sandbox/public/render.js";
const { waitText } = (await import(RENDER)) as { waitText: (ms: number) => string };

let f: SandboxFixture | undefined;
afterEach(async () => {
  await f?.stop();
  f = undefined;
});

describe("the sandbox header's countdown", () => {
  it("writes long waits in hours and days, never as hundreds of minutes", () => {
    expect(waitText(56_000)).toBe("0:56");
    expect(waitText(55_100)).toBe("0:56");
    expect(waitText(12 * 60_000 + 5_000)).toBe("12:05");
    expect(waitText(16 * 3_600_000 - 1_000)).toBe("15:59:59");
    expect(waitText(16 * 3_600_000)).toBe("16:00:00");
    expect(waitText(52 * 3_600_000)).toBe("2 d 4 h");
    expect(waitText(0)).toBe("0:00");
  });

  it("counts down to the next deadline, looking past routine refreshes", () => {
    const clock = new SandboxClock();
    const start = clock.now();
    const deadline = clock.setTimer(() => {}, 60_000);
    const refresh = clock.setTimer(() => {}, 1_000, "refresh");
    // The sandbox clock runs on real time: each timer is due its delay after the moment it was set.
    const end = clock.now();
    const within = (at: number | undefined, delay: number) =>
      at !== undefined && at >= start + delay && at <= end + delay;
    expect(within(clock.nextDueAt(), 1_000)).toBe(true);
    expect(within(clock.nextDeadlineAt(), 60_000)).toBe(true);
    deadline.cancel();
    refresh.cancel();
  });

  it("agrees with the lobby: the header's deadline is the lobby's close, not its countdown refresh", async () => {
    f = await startSandbox();
    await f.command("UORGANIZER", "/quickmeet start rounds:1 minutes:2 lobby_minutes:1");
    const state = await f.state("UORGANIZER");
    const lobby = f.world.channels.get("C0GENERAL")?.messages[0]?.message.text ?? "";
    expect(lobby).toMatch(/Round 1 starts in (5\d|60) s|in 1 min/);
    expect(state.nextDueAt).not.toBeNull();
    const left = (state.nextDueAt ?? 0) - state.now;
    expect(left).toBeGreaterThan(55_000);
    expect(left).toBeLessThanOrEqual(60_000);
  });
});
