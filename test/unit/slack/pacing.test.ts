import { describe, expect, it } from "vitest";
import { Pacer } from "../../../adapters/slack/pacer.ts";
import { lowerBoundMs, RateLimiter } from "../../emulators/slack/rate-limits.ts";

describe("tier pacing", () => {
  it("lets the burst through at once and then spaces calls at the tier rate, per method", async () => {
    let now = 0;
    const pacer = new Pacer({ scale: 600, utilisation: 1, now: () => now }); // Tier 3 at 600x: 500 calls/s
    const started: string[] = [];
    const calls = Array.from({ length: 12 }, (_, i) =>
      pacer.run("conversations.open", undefined, async () => started.push(`open${i}`)),
    );
    const post = pacer.run("chat.postMessage", "G1", async () => started.push("post"));
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    // Burst 10 minus the one token kept in reserve; the post is in its own lane and not held back by the opens.
    expect(started.filter((s) => s.startsWith("open"))).toHaveLength(9);
    expect(started).toContain("post");
    now = 10; // 10 ms at 500/s refills 5 tokens
    await Promise.all([...calls, post]);
    expect(started).toHaveLength(13);
    pacer.stop();
  });
});

describe("emulator rate limits", () => {
  it("answers 429 with a whole-second Retry-After once a bucket is empty", () => {
    let now = 0;
    const limiter = new RateLimiter({ overrides: { "conversations.open": { perMinute: 60, burst: 2 } } }, () => now);
    expect(limiter.take("conversations.open", undefined).ok).toBe(true);
    expect(limiter.take("conversations.open", undefined).ok).toBe(true);
    const third = limiter.take("conversations.open", undefined);
    expect(third).toMatchObject({ ok: false, retryAfterSec: 1 });
    now = 1_000;
    expect(limiter.take("conversations.open", undefined).ok).toBe(true);
  });

  it("limits chat.postMessage per channel, not across channels", () => {
    const limiter = new RateLimiter({}, () => 0);
    for (let i = 0; i < 3; i++) expect(limiter.take("chat.postMessage", "G1").ok).toBe(true);
    expect(limiter.take("chat.postMessage", "G1").ok).toBe(false);
    expect(limiter.take("chat.postMessage", "G2").ok).toBe(true);
  });

  it("computes the lower bound as burst at once, the rest at the refill rate", () => {
    expect(lowerBoundMs(10, { perMinute: 50, burst: 10 })).toBe(0);
    expect(lowerBoundMs(250, { perMinute: 50, burst: 10 })).toBe(288_000);
  });
});

describe("stopping the pacer", () => {
  it("settles every queued call at stop (12 queued conversations.open), so nothing waits on a timer that never fires", async () => {
    let now = 0;
    const pacer = new Pacer({ now: () => now }); // real Tier 3: 9 at once, the rest about 1.2 s apart
    const outcomes = Array.from({ length: 12 }, (_, i) =>
      pacer
        .run("conversations.open", undefined, async () => `open${i}`)
        .then(
          (v) => v,
          (error: Error) => error.message,
        ),
    );
    await new Promise((r) => setImmediate(r));
    pacer.stop();
    const settled = await Promise.race([
      Promise.all(outcomes),
      new Promise<"hung">((r) => setTimeout(() => r("hung"), 1_000)),
    ]);
    expect(settled).not.toBe("hung");
    const results = settled as string[];
    expect(results.filter((r) => r.startsWith("open"))).toHaveLength(9);
    expect(results.filter((r) => r.includes("adapter stopped"))).toHaveLength(3);
    now = 60_000;
    await expect(pacer.run("chat.postMessage", "G1", async () => "late")).rejects.toThrow(/adapter stopped/);
  });
});
