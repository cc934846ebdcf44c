import type { Clock } from "./clock.ts";
import type { CommunityRepo } from "./community/repo.ts";
import type { BotConfig } from "./config.ts";
import type { PlatformId, Session } from "./domain/types.ts";
import { isPlatformError } from "./errors.ts";
import type { Liveness } from "./jobs/liveness.ts";
import type { JobScheduler } from "./jobs/scheduler.ts";
import type { WorkTracker } from "./jobs/tracker.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { ChatPlatform, RichMessage } from "./platform/port.ts";
import type { ScheduleRepo } from "./schedule/repo.ts";
import type { PlanRunner } from "./session/plan-runner.ts";
import type { SessionRepo } from "./session/repo.ts";
import type { Store } from "./store/port.ts";

/**
 * The engine's shared parts, each built once by createBot. No function takes the whole record: each names the few
 * parts it uses (`Pick<EngineParts, "clock" | "sessions">`), so a reader sees what it touches and a test builds only
 * those. The lifecycle and rounds built over these parts live in `src/engine.ts`.
 */
export interface EngineParts {
  store: Store;
  clock: Clock;
  logger: Logger;
  config: BotConfig;
  community: CommunityRepo;
  sessions: SessionRepo;
  schedules: ScheduleRepo;
  jobs: JobScheduler;
  tracker: WorkTracker;
  /** Computes round plans (a worker thread in production). */
  planner: PlanRunner;
  /** Counters and timings for /metrics. */
  metrics: Metrics;
  platform(id: PlatformId): ChatPlatform;
  /**
   * This process, as attempt markers name it; `peers` tells live processes from dead ones when several share the
   * store (PostgreSQL), and is absent when this process has the store to itself.
   */
  instance: { id: string; peers?: Liveness };
}

/** What reaching a member privately needs. */
export type Messaging = Pick<EngineParts, "logger" | "platform">;

/** Sends a private message, logging (never throwing) when a member can't be reached: one closed DM must not stop a round. */
export async function tellPrivately(
  ctx: Messaging,
  session: Pick<Session, "platform" | "communityId">,
  userId: string,
  message: RichMessage,
): Promise<boolean> {
  try {
    await ctx.platform(session.platform).sendPrivate(session.communityId, userId, message);
    return true;
  } catch (error) {
    if (isPlatformError(error, "stopping")) throw error; // left for the next process, not a member's closed DMs
    ctx.logger.warn("could not reach member privately", { userId, error });
    return false;
  }
}

/** Tells the session's organizer and every configured organizer. */
export async function tellOrganizers(
  ctx: Messaging & Pick<EngineParts, "community">,
  session: Session,
  message: RichMessage,
): Promise<void> {
  const settings = await ctx.community.settings(session.platform, session.communityId);
  const organizers = [...new Set([session.organizerId, ...settings.organizerUserIds])];
  await Promise.all(organizers.map((id) => tellPrivately(ctx, session, id, message)));
}

/** The session's logger: every line carries the platform, community and session it is about. */
export function sessionLogger(
  ctx: Pick<EngineParts, "logger">,
  session: Pick<Session, "id" | "platform" | "communityId">,
): Logger {
  return ctx.logger.child({ platform: session.platform, communityId: session.communityId, sessionId: session.id });
}
