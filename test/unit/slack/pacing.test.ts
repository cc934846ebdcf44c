import { describe, expect, it, vi } from "vitest";
import { Pacer, SLACK_TIERS, slotsInStore } from "../../../adapters/slack/pacer.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { lowerBoundMs, PACER_RATES, RateLimiter } from "../../emulators/slack/rate-limits.ts";

describe("tier pacing", () => {
  it("lets the burst through at once and then spaces calls at the tier rate, per method", async () => {
    let now = 0;
    // The emulator's buckets (Tier 3 burst 10) at 600x: 500 calls/s.
    const pacer = new Pacer({ rates: PACER_RATES, scale: 600, utilisation: 1, now: () => now });
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

describe("production pacing (defect 10)", () => {
  it("paces at Slack's published floors with no assumed burst: Tier 3 50/min, one post per second per channel", async () => {
    expect(SLACK_TIERS).toEqual({
      tier1: { perMinute: 1, burst: 1 },
      tier2: { perMinute: 20, burst: 1 },
      tier3: { perMinute: 50, burst: 1 },
      tier4: { perMinute: 100, burst: 1 },
      postPerChannel: { perMinute: 60, burst: 1 },
      postPerWorkspace: undefined,
    });
    vi.useFakeTimers();
    const pacer = new Pacer({ utilisation: 1, now: () => Date.now() });
    // The workspace-wide post limit is unpublished, so only the channel lane paces a post.
    expect(pacer.lanesFor("chat.postMessage", "G1").map((l) => l.key)).toEqual(["post:G1"]);
    const started: number[] = [];
    const opens = Array.from({ length: 3 }, (_, i) =>
      pacer.run("conversations.open", undefined, async () => started.push(i)),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1_199); // 60 s / 50 = 1.2 s per call
    expect(started).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(1_200);
    await Promise.all(opens);
    expect(started).toEqual([0, 1, 2]);
    pacer.stop();
    vi.useRealTimers();
  });

  it("is tuned faster only through explicit rates", () => {
    const tuned = new Pacer({ rates: { tier3: { perMinute: 500, burst: 10 } } });
    expect(tuned.lanesFor("conversations.open")).toEqual([
      { key: "conversations.open", rate: { perMinute: 500, burst: 10 } },
    ]);
    expect(new Pacer().lanesFor("conversations.open")[0]?.rate).toEqual({ perMinute: 50, burst: 1 });
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
    const pacer = new Pacer({ now: () => now }); // Slack's published Tier 3 floor: one at once, then 1.2 s apart
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
    expect(results.filter((r) => r.startsWith("open"))).toHaveLength(1);
    expect(results.filter((r) => r.includes("adapter stopped"))).toHaveLength(11);
    now = 60_000;
    await expect(pacer.run("chat.postMessage", "G1", async () => "late")).rejects.toThrow(/adapter stopped/);
  });
});

describe("pacing shared by several processes (issue 16)", () => {
  /** Two processes' pacers send 40 conversations.open calls at once into one workspace's Tier 3 bucket. */
  async function twoProcesses(shared: boolean): Promise<number> {
    const store = createMemoryStore();
    const slots = shared ? { shared: slotsInStore(store, "xoxb-same-app") } : {};
    // The emulator's buckets at 60x (Tier 3: 50 calls/s, burst 10).
    const server = new RateLimiter({ scale: 60 });
    const pacers = [0, 1].map(() => new Pacer({ rates: PACER_RATES, scale: 60, ...slots }));
    let limited = 0;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        pacers[i % 2]!.run("conversations.open", undefined, async () => {
          if (!server.take("conversations.open", undefined).ok) limited++;
        }),
      ),
    );
    for (const p of pacers) p.stop();
    return limited;
  }

  it("keeps two processes within the workspace's one budget: no 429s where separate buckets draw twice", async () => {
    expect(await twoProcesses(false)).toBeGreaterThan(0);
    expect(await twoProcesses(true)).toBe(0);
  });
});
