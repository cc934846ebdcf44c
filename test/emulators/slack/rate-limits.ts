import type { BucketSpec } from "./types.ts";

/**
 * Slack's published Web API tiers (docs.slack.dev "Rate limits"): Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min,
 * Tier 4 100+/min, each tolerating short bursts. chat.postMessage is "special": about 1 message per second per
 * channel with short bursts, plus a workspace-wide ceiling of several hundred per minute.
 * Burst sizes are not published; these are the emulator's documented choice and the bench's lower bound uses them.
 */
export const TIERS: Record<"tier1" | "tier2" | "tier3" | "tier4", BucketSpec> = {
  tier1: { perMinute: 1, burst: 1 },
  tier2: { perMinute: 20, burst: 5 },
  tier3: { perMinute: 50, burst: 10 },
  tier4: { perMinute: 100, burst: 20 },
};

export const POST_PER_CHANNEL: BucketSpec = { perMinute: 60, burst: 3 };
export const POST_PER_WORKSPACE: BucketSpec = { perMinute: 600, burst: 50 };

/** The emulator's buckets as the adapter's pacer takes them (`pacing.rates`), so tests pace to what they run against. */
export const PACER_RATES = { ...TIERS, postPerChannel: POST_PER_CHANNEL, postPerWorkspace: POST_PER_WORKSPACE };

/** The tier of every method the emulator serves (from each method's reference page). */
export const METHOD_TIER: Record<string, keyof typeof TIERS | "post"> = {
  "auth.test": "tier4",
  "apps.connections.open": "tier3",
  "conversations.open": "tier3",
  "conversations.info": "tier3",
  "conversations.members": "tier4",
  "chat.postMessage": "post",
  "chat.update": "tier3",
  "chat.postEphemeral": "tier4",
  "views.open": "tier4",
  "views.publish": "tier4",
  "views.update": "tier4",
  "users.info": "tier4",
  "users.list": "tier2",
  "team.info": "tier3",
  "files.getUploadURLExternal": "tier4",
  "files.completeUploadExternal": "tier4",
};

export interface RateLimitOptions {
  /** Multiply every rate by this (10 = ten times faster than Slack) so benches finish in minutes. Default 1. */
  scale?: number;
  /** Turn limiting off entirely (unit-style tests that count calls only). Default true. */
  enabled?: boolean;
  /** Override a bucket spec by tier name or method name. */
  overrides?: Record<string, BucketSpec>;
}

interface BucketState {
  tokens: number;
  updatedAt: number;
}

/** Token buckets keyed by tier+method or channel. Time is injected so tests can reason about it. */
export class RateLimiter {
  readonly scale: number;
  readonly enabled: boolean;
  private readonly overrides: Record<string, BucketSpec>;
  private readonly state = new Map<string, BucketState>();

  constructor(
    options: RateLimitOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.scale = options.scale ?? 1;
    this.enabled = options.enabled ?? true;
    this.overrides = options.overrides ?? {};
  }

  /** The bucket keys and specs a call counts against. Per-method buckets: each method has its own tier budget. */
  bucketsFor(method: string, channel: string | undefined): Array<{ key: string; spec: BucketSpec }> {
    const tier = METHOD_TIER[method] ?? "tier3";
    if (tier === "post") {
      const buckets = [{ key: "post:workspace", spec: this.spec("post:workspace", POST_PER_WORKSPACE) }];
      if (channel !== undefined)
        buckets.push({ key: `post:${channel}`, spec: this.spec("post:channel", POST_PER_CHANNEL) });
      return buckets;
    }
    return [{ key: `${tier}:${method}`, spec: this.spec(method, this.overrides[tier] ?? TIERS[tier]) }];
  }

  /** Take a token from every bucket, or return the seconds to wait (Retry-After) and take nothing. */
  take(
    method: string,
    channel: string | undefined,
  ): { ok: true; buckets: string[] } | { ok: false; retryAfterSec: number; buckets: string[] } {
    const buckets = this.bucketsFor(method, channel);
    const keys = buckets.map((b) => b.key);
    if (!this.enabled) return { ok: true, buckets: keys };
    let waitMs = 0;
    for (const { key, spec } of buckets) {
      const state = this.refill(key, spec);
      if (state.tokens < 1) waitMs = Math.max(waitMs, ((1 - state.tokens) * 60_000) / this.perMinute(spec));
    }
    if (waitMs > 0) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)), buckets: keys };
    for (const { key } of buckets) {
      const state = this.state.get(key);
      if (state) state.tokens -= 1;
    }
    return { ok: true, buckets: keys };
  }

  /** The effective spec (after scale) of a bucket key, for lower-bound computations. */
  effective(spec: BucketSpec): BucketSpec {
    return { perMinute: this.perMinute(spec), burst: spec.burst };
  }

  private spec(name: string, fallback: BucketSpec): BucketSpec {
    return this.overrides[name] ?? fallback;
  }

  private perMinute(spec: BucketSpec): number {
    return spec.perMinute * this.scale;
  }

  private refill(key: string, spec: BucketSpec): BucketState {
    const now = this.now();
    const state = this.state.get(key) ?? { tokens: spec.burst, updatedAt: now };
    state.tokens = Math.min(spec.burst, state.tokens + ((now - state.updatedAt) * this.perMinute(spec)) / 60_000);
    state.updatedAt = now;
    this.state.set(key, state);
    return state;
  }
}

/**
 * The earliest time (ms after the first call) by which `count` calls through a full bucket can all have been
 * accepted: the burst goes at once, the rest at the refill rate.
 */
export function lowerBoundMs(count: number, spec: BucketSpec): number {
  if (count <= spec.burst) return 0;
  return ((count - spec.burst) * 60_000) / spec.perMinute;
}
