import { PlatformError } from "../../src/errors.ts";

/** The parts of a @slack/web-api error the adapter reads. */
interface SlackApiFailure {
  code?: string;
  data?: { error?: string; needed?: string; provided?: string };
  retryAfter?: number;
  message?: string;
}

/** Slack errors that mean the member cannot be reached, whatever we retry. */
const UNREACHABLE = new Set([
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "user_not_visible",
  "invalid_user_combination",
]);

/**
 * Translate a Web API failure into the core's typed `PlatformError`; messages name the fix an admin can apply.
 * `what` says what the adapter was doing ("open a group DM", "post in #C123").
 */
export function toPlatformError(error: unknown, what: string): PlatformError {
  if (error instanceof PlatformError) return error;
  const failure = (typeof error === "object" && error !== null ? error : {}) as SlackApiFailure;
  const slackError = failure.data?.error;
  if (failure.code === "slack_webapi_rate_limited_error") {
    const retryAfterMs = (failure.retryAfter ?? 1) * 1000;
    return new PlatformError("rate-limited", `Slack rate-limited the bot while trying to ${what}.`, {
      retryAfterMs,
      cause: error,
    });
  }
  if (slackError === "missing_scope") {
    const scope = failure.data?.needed ?? "unknown";
    return new PlatformError(
      "missing-permission",
      `The Slack app lacks the \`${scope}\` scope needed to ${what}: add it under OAuth & Permissions (or recreate the app from adapters/slack/manifest.yaml) and reinstall it to the workspace.`,
      { permission: scope, cause: error },
    );
  }
  if (slackError === "not_in_channel" || slackError === "channel_not_found") {
    return new PlatformError(
      "missing-permission",
      `The bot is not a member of the channel, so it cannot ${what}: invite it with \`/invite @quickmeet\`.`,
      { permission: "channel membership", cause: error },
    );
  }
  if (slackError === "too_many_users") {
    return new PlatformError(
      "space-capacity",
      `Slack group DMs hold at most 8 people besides the bot; could not ${what}.`,
      { cause: error },
    );
  }
  if (slackError && UNREACHABLE.has(slackError)) {
    return new PlatformError(
      "unreachable-member",
      `Slack cannot reach that member (${slackError}); could not ${what}.`,
      { cause: error },
    );
  }
  // The Web API client gave up reaching Slack (network down, retries spent): nothing was refused, try again later.
  if (failure.code === "slack_webapi_request_error") {
    return new PlatformError("not-ready", `Slack could not be reached to ${what}; the bot will retry.`, {
      cause: error,
    });
  }
  const detail = slackError ?? failure.message ?? String(error);
  return new PlatformError("platform-failure", `Slack refused to ${what}: ${detail}.`, { cause: error });
}
