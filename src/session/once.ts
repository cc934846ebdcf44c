import type { EngineParts } from "../engine-parts.ts";
import { AttemptInProgressError } from "../errors.ts";
import type { ChatPlatform, MessageRef, RichMessage, SpaceRef } from "../platform/port.ts";
import { keys } from "../store/keys.ts";

/** What claiming an attempt needs: the store, the time, and who this process is. */
export type Attempts = Pick<EngineParts, "clock" | "store" | "instance">;

/** Attempt markers outlive any restart worth resuming from; they name no member. */
const ATTEMPT_TTL_MS = 2 * 86_400_000;

/** Who attempted, so another process can tell an attempt in progress from one a dead process left. */
interface AttemptMarker {
  at: number;
  by: string;
}
/** Takeovers of takeovers (each survivor that died in turn); more means something else is wrong. */
const MAX_HOPS = 8;

/**
 * Records that one platform side effect (a post, a space) is about to be attempted, atomically (`setIfAbsent`), so
 * of two runs of one handler (at-least-once jobs, or two processes resuming one round) one makes it. "resume" when
 * an earlier attempt was recorded by this instance or by one that is dead: it may have died after the platform acted
 * and before the result was stored, so the adapter must look for what it made instead of making it again. Throws
 * AttemptInProgressError (retryable) when a live process holds the attempt: it is making it now.
 */
export async function claimAttempt(ctx: Attempts, key: string): Promise<"first" | "resume"> {
  const mine: AttemptMarker = { at: ctx.clock.now(), by: ctx.instance.id };
  let markerKey = keys.attempt(key);
  if (await ctx.store.setIfAbsent(markerKey, mine, ATTEMPT_TTL_MS)) return "first";
  const peers = ctx.instance.peers;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const marker = await ctx.store.get<AttemptMarker | number>(markerKey);
    // A marker without an author predates this check (or expired just now): as before, look for its result.
    const by = typeof marker === "object" && marker !== null ? marker.by : undefined;
    if (!peers || by === undefined || by === ctx.instance.id) return "resume";
    if (await peers.isAlive(by)) throw new AttemptInProgressError(key);
    // Its holder is dead: one survivor takes it over, and its takeover is an attempt the others respect in turn.
    markerKey = keys.attempt(`${key}>${by}`);
    if (await ctx.store.setIfAbsent(markerKey, mine, ATTEMPT_TTL_MS)) return "resume";
  }
  throw new AttemptInProgressError(key);
}

/** True for the first attempt; false when an earlier one must be looked for (see claimAttempt). */
export async function firstAttempt(ctx: Attempts, key: string): Promise<boolean> {
  return (await claimAttempt(ctx, key)) === "first";
}

/**
 * Runs `fn` once across processes and retries: skipped when a run finished (its done marker), left to a live process
 * that runs it now (AttemptInProgressError, retryable), and run again only after a run that died midway.
 */
export async function once(ctx: Attempts, key: string, fn: () => Promise<void>): Promise<void> {
  if ((await ctx.store.get(keys.attempt(`${key}:done`))) !== undefined) return;
  await claimAttempt(ctx, key);
  await fn();
  await ctx.store.set(keys.attempt(`${key}:done`), ctx.clock.now(), ATTEMPT_TTL_MS);
}

/** Deterministic key of one post in a group's space, e.g. `<session>:2:g3:intro`. */
export const postKey = (sessionId: string, round: number, groupId: string, kind: string) =>
  `${sessionId}:${round}:${groupId}:${kind}`;

/**
 * Posts in a space at most once across crashes: the first attempt posts with the key attached (Discord nonce, Slack
 * metadata); a later attempt asks the platform to return the earlier post if it exists.
 */
export async function postOnce(
  ctx: Attempts,
  platform: ChatPlatform,
  space: SpaceRef,
  message: RichMessage,
  key: string,
): Promise<MessageRef> {
  const resume = !(await firstAttempt(ctx, key));
  return platform.postInSpace(space, message, { key, resume });
}
