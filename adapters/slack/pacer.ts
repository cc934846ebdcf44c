/**
 * Client-side pacing of Web API calls by Slack's rate-limit tiers, so a 500-member round does not trade its time for
 * 429s: the Web API client retries 429s correctly, but it pauses its whole request queue for the Retry-After seconds,
 * so one channel's 429 would stall every other group's DM. Pacing each method at its own tier keeps the methods
 * independent: `conversations.open` (Tier 3) runs at its limit while posts into already-open DMs flow beside it.
 */

import { createHash } from "node:crypto";
import { PlatformError } from "../../src/errors.ts";
import { keys } from "../../src/store/keys.ts";
import type { Store } from "../../src/store/port.ts";

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
  "conversations.history": "tier3",
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

/**
 * A schedule of call slots shared by every process of one app in one workspace (Slack's limits are per method per
 * workspace per app, whichever process calls). Slot `n` of a lane starts at `n × interval` ms of wall-clock time;
 * `claim` is atomic across processes (the store's `setIfAbsent`), so each slot is used by one call in one process.
 */
export interface SharedSlots {
  claim(lane: string, slot: number): Promise<boolean>;
}

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
  /**
   * Pace against slots every process shares instead of this process's own buckets (several bot processes on one
   * PostgreSQL). Slots are spaced by the lane's rate and carry no burst: the safe reading of Slack's limits.
   */
  shared?: SharedSlots;
  /** Wall-clock time the shared slots are laid on (processes on several hosts need synchronised clocks). */
  wallClock?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: (error?: unknown) => void;
}

interface Lane {
  key: string;
  rate: Rate;
  tokens: number;
  updatedAt: number;
  queue: Waiter[];
  timer: NodeJS.Timeout | undefined;
  /** Shared mode: the first slot this process may try next, and whether a claim loop runs for the lane. */
  nextSlot: number;
  claiming: boolean;
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
  private readonly shared: SharedSlots | undefined;
  private readonly wallClock: () => number;

  constructor(options: PacerOptions = {}) {
    this.shared = options.shared;
    this.wallClock = options.wallClock ?? Date.now;
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
      lane.queue.push({ resolve, reject: (error) => reject(error ?? new PacerStoppedError(method)) });
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
      lane = {
        key,
        rate: effective,
        tokens: effective.burst,
        updatedAt: this.now(),
        queue: [],
        timer: undefined,
        nextSlot: 0,
        claiming: false,
      };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private drain(lane: Lane): void {
    if (this.shared) {
      if (!lane.claiming) void this.drainShared(lane, this.shared).catch(() => {}); // its waiters got the error
      return;
    }
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
   * Shared mode: each waiting call takes the next slot no process has claimed, then waits for its start. One claim
   * loop per lane and process keeps this process's calls in order; other processes' claims are skipped over.
   */
  private async drainShared(lane: Lane, shared: SharedSlots): Promise<void> {
    lane.claiming = true;
    const interval = 60_000 / lane.rate.perMinute;
    try {
      while (lane.queue.length > 0 && !this.stopped) {
        // The next slot that starts from now on: a slot already begun may have been used by a late claimant.
        let slot = Math.max(lane.nextSlot, Math.ceil(this.wallClock() / interval));
        while (!(await shared.claim(lane.key, slot))) slot++;
        lane.nextSlot = slot + 1;
        const waitMs = slot * interval - this.wallClock();
        if (waitMs > 0)
          await new Promise<void>((resolve) => {
            lane.timer = setTimeout(() => {
              lane.timer = undefined;
              resolve();
            }, Math.ceil(waitMs));
          });
        if (this.stopped) return;
        lane.queue.shift()?.resolve();
      }
    } catch (error) {
      // The store is unreachable: the calls fail (their jobs retry) rather than run unpaced.
      for (const waiter of lane.queue.splice(0)) waiter.reject(error);
    } finally {
      lane.claiming = false;
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

/** Claimed slots are kept this long: far past their start, so a slot is never claimed twice. */
const SLOT_TTL_MS = 5 * 60_000;

/**
 * Slots in the store every bot process shares, scoped to one app in one workspace (a hash of the bot token: processes
 * of one app in one workspace hold the same token).
 */
export function slotsInStore(store: Store, botToken: string): SharedSlots {
  const scope = `slack:${createHash("sha256").update(botToken).digest("hex").slice(0, 16)}`;
  return { claim: (lane, slot) => store.setIfAbsent(keys.paceSlot(scope, lane, slot), 1, SLOT_TTL_MS) };
}
