/**
 * Client-side pacing of Web API calls by Slack's rate-limit tiers, so a 500-member round does not trade its time for
 * 429s: the Web API client retries 429s correctly, but it pauses its whole request queue for the Retry-After seconds,
 * so one channel's 429 would stall every other group's DM. Pacing each method at its own tier keeps the methods
 * independent: `conversations.open` (Tier 3) runs at its limit while posts into already-open DMs flow beside it.
 */

import { PlatformError } from "../../src/errors.ts";

/** A token bucket: `burst` calls at once, then `perMinute`. */
export interface Rate {
  perMinute: number;
  burst: number;
}

/** Slack's published tiers; bursts are not published, these match the emulator's documented choice. */
export const SLACK_TIERS = {
  tier1: { perMinute: 1, burst: 1 },
  tier2: { perMinute: 20, burst: 5 },
  tier3: { perMinute: 50, burst: 10 },
  tier4: { perMinute: 100, burst: 20 },
  postPerChannel: { perMinute: 60, burst: 3 },
  postPerWorkspace: { perMinute: 600, burst: 50 },
} satisfies Record<string, Rate>;

/** The tier of each method the adapter calls. */
export const METHOD_RATE: Record<string, keyof typeof SLACK_TIERS> = {
  "auth.test": "tier4",
  "conversations.open": "tier3",
  "conversations.info": "tier3",
  "conversations.members": "tier4",
  "chat.update": "tier3",
  "chat.postEphemeral": "tier4",
  "views.open": "tier4",
  "views.publish": "tier4",
  "users.info": "tier4",
  "users.list": "tier2",
  "files.getUploadURLExternal": "tier4",
  "files.completeUploadExternal": "tier4",
};

export interface PacerOptions {
  /** Multiply every rate (benches run the emulator faster than Slack and must pace the same way). Default 1. */
  scale?: number;
  /** Fraction of each rate actually used; the rest absorbs clock and latency jitter against the server's bucket. */
  utilisation?: number;
  /** Turn pacing off (calls go straight through; the Web API client's 429 retry is then the only guard). */
  enabled?: boolean;
  now?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: () => void;
}

interface Lane {
  rate: Rate;
  tokens: number;
  updatedAt: number;
  queue: Waiter[];
  timer: NodeJS.Timeout | undefined;
}

/** Why a paced call did not run: the adapter stopped before its turn came (the caller's job is retried later). */
export class PacerStoppedError extends PlatformError {
  constructor(method: string) {
    super("stopping", `Slack call ${method} was not sent: the Slack adapter stopped before its turn came.`);
  }
}

/** FIFO lanes, one per bucket key; a call runs once every lane it needs has a token. */
export class Pacer {
  private readonly lanes = new Map<string, Lane>();
  private readonly scale: number;
  private readonly utilisation: number;
  private readonly enabled: boolean;
  private readonly now: () => number;
  private stopped = false;

  constructor(options: PacerOptions = {}) {
    this.scale = options.scale ?? 1;
    this.utilisation = options.utilisation ?? 0.98;
    this.enabled = options.enabled ?? true;
    this.now = options.now ?? (() => performance.now());
  }

  /** The lanes a call to `method` (in `channel`, for posts) waits in. */
  lanesFor(method: string, channel?: string): Array<{ key: string; rate: Rate }> {
    if (method === "chat.postMessage") {
      // The channel lane first: a post waiting for its busy channel must not hold a workspace token meanwhile.
      const lanes = channel ? [{ key: `post:${channel}`, rate: SLACK_TIERS.postPerChannel }] : [];
      lanes.push({ key: "post:workspace", rate: SLACK_TIERS.postPerWorkspace });
      return lanes;
    }
    return [{ key: method, rate: SLACK_TIERS[METHOD_RATE[method] ?? "tier3"] }];
  }

  /** Run `call` when the method's tier allows it. */
  async run<T>(method: string, channel: string | undefined, call: () => Promise<T>): Promise<T> {
    if (this.stopped) throw new PacerStoppedError(method);
    if (this.enabled) {
      for (const { key, rate } of this.lanesFor(method, channel)) await this.acquire(method, key, rate);
    }
    return call();
  }

  private acquire(method: string, key: string, rate: Rate): Promise<void> {
    const lane = this.lane(key, rate);
    return new Promise((resolve, reject) => {
      if (this.stopped) return reject(new PacerStoppedError(method));
      lane.queue.push({ resolve, reject: () => reject(new PacerStoppedError(method)) });
      this.drain(lane);
    });
  }

  private lane(key: string, rate: Rate): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      // One token of the server's burst is left unused so a request that overtakes an earlier one on the wire
      // still finds a token there.
      const effective = {
        perMinute: rate.perMinute * this.scale * this.utilisation,
        burst: Math.max(1, rate.burst - 1),
      };
      lane = { rate: effective, tokens: effective.burst, updatedAt: this.now(), queue: [], timer: undefined };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private drain(lane: Lane): void {
    const now = this.now();
    lane.tokens = Math.min(lane.rate.burst, lane.tokens + ((now - lane.updatedAt) * lane.rate.perMinute) / 60_000);
    lane.updatedAt = now;
    while (lane.queue.length > 0 && lane.tokens >= 1) {
      lane.tokens -= 1;
      lane.queue.shift()?.resolve();
    }
    if (lane.queue.length > 0 && lane.timer === undefined) {
      const waitMs = ((1 - lane.tokens) * 60_000) / lane.rate.perMinute;
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.drain(lane);
      }, Math.ceil(waitMs));
    }
  }

  /**
   * Adapter stop: cancel the timers and reject every call still waiting for a token, so no caller hangs on a promise
   * that nothing will settle (the bot drains its work before stopping adapters; what is left is retried by its job).
   * Later calls are rejected at once.
   */
  stop(): void {
    this.stopped = true;
    for (const lane of this.lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = undefined;
      for (const waiter of lane.queue.splice(0)) waiter.reject();
    }
  }
}
