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

/** The lanes the pacer knows: Slack's four tiers and chat.postMessage's two special limits. */
export type RateName = "tier1" | "tier2" | "tier3" | "tier4" | "postPerChannel" | "postPerWorkspace";

/**
 * Slack's published rates (docs.slack.dev/apis/web-api/rate-limits): Tier 1 1+ per minute, Tier 2 20+, Tier 3 50+,
 * Tier 4 100+; chat.postMessage about one message per second per channel ("short bursts >1 allowed", no number), and
 * a workspace-wide limit Slack does not quantify. Production paces at exactly these floors and assumes no burst;
 * the unquantified workspace-wide post limit is not guessed: Slack's 429 + Retry-After, which the Web API client
 * honours, is the guard there. Tests and benches that run against an emulator with its own bucket sizes pass those
 * through `PacerOptions.rates`.
 */
export const SLACK_TIERS: Readonly<Record<RateName, Rate | undefined>> = {
  tier1: { perMinute: 1, burst: 1 },
  tier2: { perMinute: 20, burst: 1 },
  tier3: { perMinute: 50, burst: 1 },
  tier4: { perMinute: 100, burst: 1 },
  postPerChannel: { perMinute: 60, burst: 1 },
  postPerWorkspace: undefined,
};

/** The tier of each method the adapter calls. */
export const METHOD_RATE: Record<string, RateName> = {
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
  /**
   * Rates to pace at instead of Slack's published ones, per lane (`undefined` leaves a lane unpaced). For tests and
   * benches against an emulator whose buckets allow bursts; production leaves it unset.
   */
  rates?: Partial<Record<RateName, Rate | undefined>>;
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
  private readonly rates: Readonly<Record<RateName, Rate | undefined>>;

  constructor(options: PacerOptions = {}) {
    this.rates = { ...SLACK_TIERS, ...options.rates };
    this.scale = options.scale ?? 1;
    this.utilisation = options.utilisation ?? 0.98;
    this.enabled = options.enabled ?? true;
    this.now = options.now ?? (() => performance.now());
  }

  /** The lanes a call to `method` (in `channel`, for posts) waits in. */
  lanesFor(method: string, channel?: string): Array<{ key: string; rate: Rate }> {
    const lanes: Array<{ key: string; rate: Rate | undefined }> = [];
    if (method === "chat.postMessage") {
      // The channel lane first: a post waiting for its busy channel must not hold a workspace token meanwhile.
      if (channel) lanes.push({ key: `post:${channel}`, rate: this.rates.postPerChannel });
      lanes.push({ key: "post:workspace", rate: this.rates.postPerWorkspace });
    } else lanes.push({ key: method, rate: this.rates[METHOD_RATE[method] ?? "tier3"] });
    return lanes.filter((l): l is { key: string; rate: Rate } => l.rate !== undefined);
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
