/**
 * Infrastructure failures are typed errors with a `code` and a `cause`; their messages name the fix.
 * Expected user mistakes are not errors: commands return them as reply values.
 */
export type PlatformErrorCode =
  /** The platform's cap on private spaces is reached (Discord 160006: too many active threads). */
  | "space-capacity"
  /** The bot lacks a permission or scope; `permission` names it. */
  | "missing-permission"
  /** Rate limited beyond what the client library retried; `retryAfterMs` says when to try again. */
  | "rate-limited"
  /** The member cannot be reached (DMs closed, left the community). */
  | "unreachable-member"
  /**
   * The platform cannot be reached yet or right now (client not logged in, network down): try again later. The
   * core retries such work and never marks a group failed for it.
   */
  | "not-ready"
  /** Anything else the platform refused. */
  | "platform-failure"
  /** Not sent: the adapter is shutting down. The work stays pending for the next process (never marked failed). */
  | "stopping";

export class PlatformError extends Error {
  override readonly name = "PlatformError";
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    readonly details: { permission?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
  }
}

/** The store backend cannot be reached or refused a write. */
export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
  readonly code = "store-unavailable";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Start-up configuration is invalid; the message names the variable and what is expected. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "config-invalid";
}

/**
 * Another live process is making this post or space right now (its attempt marker is fresh): this run must not make
 * it too. The job retries, and by then the other process has recorded the result (or died, and it is taken over).
 */
export class AttemptInProgressError extends Error {
  override readonly name = "AttemptInProgressError";
  readonly code = "attempt-in-progress";
  constructor(readonly key: string) {
    super(`Another bot process is making "${key}" right now; this run leaves it to that process.`);
  }
}

/** Work that failed with this error should be retried later rather than reported as failed for good. */
export function isRetryable(error: unknown): boolean {
  return isPlatformError(error, "not-ready") || error instanceof AttemptInProgressError;
}

/** True for errors the platform raised with the given code. */
export function isPlatformError(error: unknown, code?: PlatformErrorCode): error is PlatformError {
  return error instanceof PlatformError && (code === undefined || error.code === code);
}
