import { DiscordAPIError } from "discord.js";
import { PlatformError } from "../../src/errors.ts";

/** Discord JSON error codes the adapter reacts to. */
export const DiscordCode = {
  UnknownMember: 10007,
  UnknownUser: 10013,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  CannotSendToUser: 50007,
  MissingPermissions: 50013,
  /** "Thread is archived" (also for a locked thread). */
  ThreadArchived: 50083,
  MaxActiveThreads: 160006,
  /** "Maximum number of guild channels reached (500)": voice rooms count against it. */
  MaxGuildChannels: 30013,
  UnknownChannel: 10003,
  /** "Target user is not connected to voice" (a voice move of someone who left voice). */
  NotInVoice: 40032,
} as const;

export interface ErrorContext {
  /** What the adapter was doing, for the message ("open a private thread"). */
  action: string;
  /** The permission this request needs, named as Discord's UI names it. */
  permission: string;
  /** `#channel` as members see it. */
  channel: string;
}

/** Network failures that say nothing about the request itself: Discord could not be reached this time. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "UND_ERR_SOCKET"]);

/**
 * Whether a failure means "Discord is not reachable or the client not logged in yet": discord.js REST has no token
 * until `client.login` ("Expected token to be set for this request"), and a dropped connection fails before any
 * response. Such work is retried later, never reported as failed for good.
 */
export function isNotReady(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof DiscordAPIError) return false;
  if (/Expected token to be set/i.test(error.message)) return true;
  const codes = [error, error.cause].map((e) => (e as { code?: unknown } | undefined)?.code);
  return codes.some((c) => typeof c === "string" && UNREACHABLE_CODES.has(c)) || error.message === "fetch failed";
}

/**
 * Discord API errors → PlatformError codes the core reacts to; messages name the fix. Rate limits never get here:
 * discord.js queues every request behind its bucket and retries 429s itself (`rejectOnRateLimit` is not set).
 */
export function translateError(error: unknown, ctx: ErrorContext): PlatformError {
  if (error instanceof PlatformError) return error;
  if (isNotReady(error)) {
    return new PlatformError("not-ready", `Discord could not be reached to ${ctx.action} yet; the bot will retry.`, {
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError) {
    switch (error.code) {
      case DiscordCode.MaxActiveThreads:
        return new PlatformError(
          "space-capacity",
          `The server has reached Discord's limit of active threads, so the bot could not ${ctx.action} in ${ctx.channel}. Archive old threads to free room.`,
          { cause: error },
        );
      case DiscordCode.MaxGuildChannels:
        return new PlatformError(
          "space-capacity",
          `The server has reached Discord's limit of 500 channels, so the bot could not ${ctx.action}. Delete unused channels to free room.`,
          { cause: error },
        );
      case DiscordCode.MissingPermissions:
      case DiscordCode.MissingAccess: {
        const permission = error.code === DiscordCode.MissingAccess ? "View Channel" : ctx.permission;
        return new PlatformError(
          "missing-permission",
          `Grant the bot ${permission} in ${ctx.channel} so it can ${ctx.action}.`,
          {
            permission,
            cause: error,
          },
        );
      }
      case DiscordCode.CannotSendToUser:
      case DiscordCode.UnknownMember:
      case DiscordCode.UnknownUser:
        return new PlatformError(
          "unreachable-member",
          `Could not ${ctx.action}: the member left or does not accept direct messages.`,
          {
            cause: error,
          },
        );
      default:
        break;
    }
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new PlatformError("platform-failure", `Discord refused to ${ctx.action} in ${ctx.channel}: ${detail}`, {
    cause: error,
  });
}

export function isDiscordCode(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}
