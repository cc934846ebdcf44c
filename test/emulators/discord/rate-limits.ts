import { createHash } from "node:crypto";

/** A fixed-window per-route limit: `limit` requests per `windowMs`, counted per top-level resource. */
export interface BucketRule {
  limit: number;
  windowMs: number;
}

/**
 * Per-route bucket sizes. Discord documents the mechanism (headers, buckets per top-level resource, 50/s global) but
 * not most sizes; these are plausible values (message sends 5/5 s per channel is the widely observed figure, the
 * rest are assumptions). The adapter must never depend on them: it follows the headers through discord.js.
 */
export const DEFAULT_BUCKETS = {
  /** POST /channels/{channel}/messages, per channel (threads and DMs are channels). */
  "message-create": { limit: 5, windowMs: 5_000 },
  /** PATCH /channels/{channel}/messages/{message}, per channel (lobby countdown edits). */
  "message-edit": { limit: 5, windowMs: 5_000 },
  /** POST /channels/{channel}/threads, per parent channel: assumed 5/s. */
  "thread-create": { limit: 5, windowMs: 1_000 },
  /** PUT /channels/{thread}/thread-members/{user}, per thread. */
  "thread-member": { limit: 10, windowMs: 10_000 },
  /** PATCH /channels/{channel} (lock + archive), per channel. */
  "channel-edit": { limit: 5, windowMs: 10_000 },
  /** POST /guilds/{guild}/channels (voice rooms, their category, a lobby), per guild: assumed 5/s like threads. */
  "channel-create": { limit: 5, windowMs: 1_000 },
  /** DELETE /channels/{channel}, per channel (each room is deleted once). */
  "channel-delete": { limit: 5, windowMs: 5_000 },
  /** PATCH /guilds/{guild}/members/{user} (voice moves), per guild: assumed 10/s. */
  "member-edit": { limit: 10, windowMs: 1_000 },
  /** POST /users/@me/channels (open a DM); not tied to a top-level resource, so one bucket per bot. */
  "dm-open": { limit: 10, windowMs: 1_000 },
  /** Interaction webhooks (follow-ups, @original edits), per interaction token. */
  webhook: { limit: 5, windowMs: 2_000 },
  /** GET /guilds/{guild}/members[/{user}], per guild. */
  "guild-members": { limit: 10, windowMs: 10_000 },
  /** PUT application commands. */
  "app-commands": { limit: 2, windowMs: 10_000 },
  /** Anything else. */
  default: { limit: 10, windowMs: 10_000 },
} satisfies Record<string, BucketRule>;

export type BucketName = keyof typeof DEFAULT_BUCKETS;

export interface RateLimitConfig {
  /** Requests per second across all routes except interaction endpoints (Discord: 50). */
  globalPerSecond: number;
  buckets: Record<BucketName, BucketRule>;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = { globalPerSecond: 50, buckets: { ...DEFAULT_BUCKETS } };

export interface LimitDecision {
  ok: boolean;
  headers: Record<string, string>;
  /** Seconds until a retry may succeed (429 only). */
  retryAfter?: number;
  global?: boolean;
}

interface Window {
  start: number;
  count: number;
}

/** Discord-style limiter: a global fixed window plus per-bucket fixed windows keyed by bucket and major parameter. */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  #global: Window = { start: Number.NEGATIVE_INFINITY, count: 0 };

  constructor(readonly config: RateLimitConfig) {}

  check(bucket: BucketName, majorParameter: string, exemptFromGlobal: boolean, now = Date.now()): LimitDecision {
    if (!exemptFromGlobal) {
      if (now >= this.#global.start + 1_000) this.#global = { start: now, count: 0 };
      if (this.#global.count >= this.config.globalPerSecond) {
        const retryAfter = (this.#global.start + 1_000 - now) / 1_000;
        return {
          ok: false,
          global: true,
          retryAfter,
          headers: {
            "Retry-After": String(Math.max(1, Math.ceil(retryAfter))),
            "X-RateLimit-Global": "true",
            "X-RateLimit-Scope": "global",
          },
        };
      }
    }
    const rule = this.config.buckets[bucket];
    const key = `${bucket}:${majorParameter}`;
    let window = this.#windows.get(key);
    if (!window || now >= window.start + rule.windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    const resetAt = window.start + rule.windowMs;
    const headers = (remaining: number): Record<string, string> => ({
      "X-RateLimit-Limit": String(rule.limit),
      "X-RateLimit-Remaining": String(remaining),
      "X-RateLimit-Reset": (resetAt / 1_000).toFixed(3),
      "X-RateLimit-Reset-After": ((resetAt - now) / 1_000).toFixed(3),
      "X-RateLimit-Bucket": bucketHash(bucket),
    });
    if (window.count >= rule.limit) {
      const retryAfter = (resetAt - now) / 1_000;
      return {
        ok: false,
        retryAfter,
        headers: {
          ...headers(0),
          "Retry-After": String(Math.max(1, Math.ceil(retryAfter))),
          "X-RateLimit-Scope": "user",
        },
      };
    }
    window.count++;
    if (!exemptFromGlobal) this.#global.count++;
    return { ok: true, headers: headers(rule.limit - window.count) };
  }
}

/** Stable opaque bucket id, like Discord's `X-RateLimit-Bucket`. */
export function bucketHash(bucket: string): string {
  let hash = hashes.get(bucket);
  if (!hash) {
    hash = createHash("sha1").update(bucket).digest("hex").slice(0, 32);
    hashes.set(bucket, hash);
  }
  return hash;
}

const hashes = new Map<string, string>();

/**
 * The earliest moment (ms after the first request) at which the last of these requests could have been admitted
 * under the given limits: for each limiter, ceil(n / limit) - 1 full windows must pass.
 */
export function lowerBoundMs(
  requests: ReadonlyArray<{ bucket: BucketName; major: string; exempt: boolean }>,
  config: RateLimitConfig,
): number {
  const perBucket = new Map<string, { n: number; rule: BucketRule }>();
  let global = 0;
  for (const r of requests) {
    if (!r.exempt) global++;
    const key = `${r.bucket}:${r.major}`;
    const entry = perBucket.get(key) ?? { n: 0, rule: config.buckets[r.bucket] };
    entry.n++;
    perBucket.set(key, entry);
  }
  let bound = (Math.ceil(global / config.globalPerSecond) - 1) * 1_000;
  for (const { n, rule } of perBucket.values())
    bound = Math.max(bound, (Math.ceil(n / rule.limit) - 1) * rule.windowMs);
  return Math.max(0, bound);
}
