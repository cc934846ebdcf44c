import type { EngineParts } from "../engine-parts.ts";
import type { ChatPlatform, MessageRef, RichMessage, SpaceRef } from "../platform/port.ts";
import { keys } from "../store/keys.ts";

/** Attempt markers outlive any restart worth resuming from; they name no member. */
const ATTEMPT_TTL_MS = 2 * 86_400_000;

/**
 * Records that one platform side effect (a post, a space) is about to be attempted. False when an earlier attempt
 * was recorded: that process may have died after the platform acted and before the result was stored, so the
 * adapter must look for what it made instead of making it again.
 */
export function firstAttempt(ctx: Pick<EngineParts, "clock" | "store">, key: string): Promise<boolean> {
  return ctx.store.setIfAbsent(keys.attempt(key), ctx.clock.now(), ATTEMPT_TTL_MS);
}

/** Deterministic key of one post in a group's space, e.g. `<session>:2:g3:intro`. */
export const postKey = (sessionId: string, round: number, groupId: string, kind: string) =>
  `${sessionId}:${round}:${groupId}:${kind}`;

/**
 * Posts in a space at most once across crashes: the first attempt posts with the key attached (Discord nonce, Slack
 * metadata); a later attempt asks the platform to return the earlier post if it exists.
 */
export async function postOnce(
  ctx: Pick<EngineParts, "clock" | "store">,
  platform: ChatPlatform,
  space: SpaceRef,
  message: RichMessage,
  key: string,
): Promise<MessageRef> {
  const resume = !(await firstAttempt(ctx, key));
  return platform.postInSpace(space, message, { key, resume });
}
