import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Clock } from "./clock.ts";
import { type CommandAction, type CommandDefinition, privateReply } from "./command-definition.ts";
import type { CommandContext } from "./commands-context.ts";
import { CommunityRepo } from "./community/repo.ts";
import type { BotConfig } from "./config.ts";
import type { CommunitySettings, PlatformId } from "./domain/types.ts";
import type { Engine } from "./engine.ts";
import type { EngineParts } from "./engine-parts.ts";
import { inProcessScheduler } from "./jobs/in-process.ts";
import { Liveness } from "./jobs/liveness.ts";
import { ensureMaintenance, registerMaintenance } from "./jobs/maintenance.ts";
import type { SchedulerFactory } from "./jobs/scheduler.ts";
import { WorkTracker } from "./jobs/tracker.ts";
import type { Logger } from "./logger.ts";
import { parseAction } from "./messages/actions.ts";
import * as say from "./messages/templates.ts";
import { type Metrics, noMetrics, type Outcome } from "./metrics.ts";
import type { PlatformAdapter } from "./platform/adapter.ts";
import type { ActionReply, BotInbound, Invocation, Reply } from "./platform/inbound.ts";
import type { ChatPlatform, RichMessage } from "./platform/port.ts";
import { organizer } from "./preconditions.ts";
import {
  handleScheduleAction,
  pauseCommunitySchedules,
  registerScheduleJobs,
  resumeSchedules,
} from "./schedule/index.ts";
import { ScheduleRepo } from "./schedule/repo.ts";
import { extendGroup } from "./session/extend.ts";
import { mayAct, mayJoin, mayJoinPool, refusedAction } from "./session/guards.ts";
import { answerStayInTouch, countSpaceMessage, giveFeedback, reportDetails } from "./session/interactions.ts";
import { createLifecycle } from "./session/lifecycle.ts";
import { createWorkerPlanRunner, type PlanRunner } from "./session/plan-runner.ts";
import { SessionRepo } from "./session/repo.ts";
import { voiceMoved } from "./session/voice-presence.ts";
import { keys } from "./store/keys.ts";
import type { Store } from "./store/port.ts";

export interface BotDeps {
  /** Platforms to serve. Adapters (with start/stop) are connected by `bot.start()`. */
  platforms: ReadonlyArray<ChatPlatform | PlatformAdapter>;
  store: Store;
  clock: Clock;
  logger: Logger;
  config: BotConfig;
  /** Where round plans are computed; defaults to a worker thread so planning never delays acknowledgements. */
  planRunner?: PlanRunner;
  /** Commands to serve (the composition root passes commands/index.ts's list: the core never imports commands/). */
  commands: readonly CommandDefinition[];
  /** Counters and timings for /metrics; default none. */
  metrics?: Metrics;
  /**
   * Stable id of this instance (src/store/instance.ts): leases a killed process left under it are taken over at once
   * when it restarts. Defaults to a fresh id per process.
   */
  instanceId?: string;
  /**
   * Builds the deadline engine; defaults to the in-process scheduler over `store` (one process, manual clocks in
   * tests). Several processes on PostgreSQL pass the pg-boss one (`src/jobs/pg-boss.ts`).
   */
  scheduler?: SchedulerFactory;
  /**
   * Several bot processes share `store` (PostgreSQL): each announces it is alive, and a post or space another live
   * process is making is left to it rather than resumed. Default false (one process per store).
   */
  sharedStore?: boolean;
  /**
   * The time heartbeats are kept in (default `clock`). Liveness is about processes, not Quick Meet time: tests whose
   * clock runs faster than the wall pass the wall clock, so a busy but live process is not taken for dead.
   */
  livenessClock?: Clock;
}

/** The running bot: the inbound surface adapters call, plus lifecycle. */
export interface Bot extends BotInbound {
  readonly engine: Engine;
  readonly commands: readonly CommandDefinition[];
  /** Connects adapters, then re-arms stored deadlines and resumes half-done work. */
  start(): Promise<void>;
  /**
   * Graceful shutdown: stops taking new work (commands and clicks are still answered, with "restarting"), stops the
   * job timers (due jobs stay in the store for the next process), drains work in flight for up to `timeoutMs`, then
   * disconnects adapters (calls still queued for a rate-limit slot are rejected and retried by the next process).
   */
  stop(options?: StopOptions): Promise<StopReport>;
  /** Resolves when no background work is running (tests, graceful shutdown). */
  idle(): Promise<void>;
}

export interface StopOptions {
  /** How long work in flight may take before adapters are disconnected anyway (SHUTDOWN_TIMEOUT_MS). Default 10 s. */
  timeoutMs?: number;
}

export interface StopReport {
  /** True when all work in flight finished before the deadline. */
  drained: boolean;
  /** Wall-clock time the stop took. */
  ms: number;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** After the adapters are gone, what still runs fails fast ("stopping"); this bounds waiting for it to record that. */
const AFTER_STOP_GRACE_MS = 2_000;

/** Resolves true when `work` settles within `ms` (wall clock: a shutdown deadline is real time, not the bot's clock). */
function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void work.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

/** What a member sees when they click or command during a graceful shutdown. */
const RESTARTING: RichMessage = {
  text: "quickmeet is restarting. Please try again in a minute; nothing you did before was lost.",
};
const restarting: Reply = privateReply(RESTARTING);

/** How long an inbound event id is remembered for de-duplication (Slack retries come within minutes). */
const SEEN_TTL_MS = 24 * 3_600_000;

const isAdapter = (p: ChatPlatform | PlatformAdapter): p is PlatformAdapter =>
  "start" in p && typeof p.start === "function";

/** Turns zod issues into sentences that name the option and the fix. */
function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const key = i.path.join(".");
    return key && !i.message.startsWith(key) ? `${key}: ${i.message}` : i.message;
  });
}

/** The problems of each option, by option name (a form shows them under that field). */
function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "");
    if (key) errors[key] = errors[key] ? `${errors[key]}; ${issue.message}` : issue.message;
  }
  return errors;
}

/**
 * Drops absent values (Discord omits options, Slack forms send null for an untouched input). An empty string stays:
 * it is a field a member emptied in a form (or typed as `city:""`), and it clears that field; the command text
 * parser refuses an unquoted empty value before it gets here.
 */
function cleanOptions(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null));
}

/** "Unblock" from `/quickmeet me`: the same as `/quickmeet block member:@x undo:true`. */
async function unblock(engine: Engine, inv: Invocation, userId: string): Promise<RichMessage> {
  await engine.community.updateMemberState(inv.platform, inv.communityId, inv.actor.userId, (s) => ({
    ...s,
    blocked: s.blocked.filter((b) => b !== userId),
  }));
  return say.unblocked(userId);
}

export function createBot(deps: BotDeps): Bot {
  const { store, clock, logger, config } = deps;
  const platforms = new Map<PlatformId, ChatPlatform>(deps.platforms.map((p) => [p.id, p]));
  const { commands } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const tracker = new WorkTracker(logger);
  const instanceId = deps.instanceId ?? randomUUID();
  const jobs = (deps.scheduler ?? inProcessScheduler)({ store, clock, logger, tracker, metrics, instanceId });
  const peers = deps.sharedStore ? new Liveness(store, deps.livenessClock ?? clock, logger, instanceId) : undefined;
  const parts: EngineParts = {
    store,
    clock,
    logger,
    config,
    tracker,
    jobs,
    metrics,
    planner: deps.planRunner ?? createWorkerPlanRunner(),
    community: new CommunityRepo(store, clock, config.sessionDefaults),
    sessions: new SessionRepo(store),
    schedules: new ScheduleRepo(store),
    instance: peers ? { id: instanceId, peers } : { id: instanceId },
    platform(id) {
      const p = platforms.get(id);
      if (!p) throw new Error(`Platform "${id}" is not configured in this process`);
      return p;
    },
  };
  const engine: Engine = { ...parts, lifecycle: createLifecycle(parts) };
  engine.lifecycle.registerSessionJobs();
  registerScheduleJobs(engine);
  registerMaintenance(engine);

  /** True the first time an event id is seen: duplicates (retries, double deliveries) are dropped. */
  const firstTime = (inv: Invocation) =>
    store.setIfAbsent(keys.seenEvent(inv.platform, inv.eventId), clock.now(), SEEN_TTL_MS);

  const refused = (inv: Invocation, actionId: string): ActionReply => {
    logger.warn("refused an action from the wrong place", {
      actionId,
      platform: inv.platform,
      communityId: inv.communityId,
      channelId: inv.channelId,
    });
    return { privateMessage: refusedAction };
  };

  /** Messages that report a failure, so the metrics can count the outcome without a second return channel. */
  const failures = new WeakSet<RichMessage>();
  const failure = (inv: Invocation, what: string, error: unknown): Reply => {
    logger.child({ platform: inv.platform, communityId: inv.communityId }).error(`${what} failed`, { error });
    const message: RichMessage = {
      text: "Something went wrong on our side and the organizers' logs have the details. Nothing you entered was lost: please try again in a moment.",
    };
    failures.add(message);
    return privateReply(message);
  };
  const outcome = (message: RichMessage | undefined, duplicate: boolean): Outcome =>
    duplicate ? "duplicate" : message === RESTARTING ? "restarting" : message && failures.has(message) ? "error" : "ok";

  async function dispatch(
    inv: Invocation,
    name: string,
    raw: Record<string, unknown>,
    fromForm: boolean,
  ): Promise<Reply> {
    const def = commands.find((c) => c.name === name);
    if (!def) {
      return privateReply({
        text: `There's no \`/quickmeet ${name}\`. Available: ${commands.map((c) => c.name).join(", ")}.`,
      });
    }
    const settings = await engine.community.settings(inv.platform, inv.communityId);
    const ctx = contextFor(inv, settings, engine.community.isOrganizer(inv.actor, settings), fromForm);
    // Before the options are read: someone who may not run it learns that first, not what was wrong with them.
    if (def.access === "organizer") {
      const allowed = await organizer(name)(ctx);
      if (!allowed.ok) return allowed.reply;
    }
    const parsed = def.options.safeParse(cleanOptions(raw));
    if (!parsed.success) {
      const message = say.badOptions(name, problems(parsed.error));
      if (fromForm && def.form) {
        // The same form again, holding exactly what was typed, each mistake on its field: nothing to retype.
        const typed = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v == null ? "" : String(v)]));
        const maxFields = engine.platform(inv.platform).maxFormFields ?? Number.POSITIVE_INFINITY;
        return {
          kind: "form-errors",
          form: def.form(typed, { maxFields }),
          errors: fieldErrors(parsed.error),
          message,
        };
      }
      return privateReply(message);
    }
    return def.run(ctx, parsed.data);
  }

  const contextFor = (
    inv: Invocation,
    settings: CommunitySettings,
    isOrganizer: boolean,
    fromForm: boolean,
  ): CommandContext => ({
    invocation: inv,
    engine,
    platform: engine.platform(inv.platform),
    settings,
    isOrganizer,
    fromForm,
  });

  /** A click on a button a command's reply carries goes back to that command. */
  async function commandAction(inv: Invocation, action: CommandAction): Promise<ActionReply> {
    const owner = commands.find((c) => c.actions?.includes(action.kind) && c.onAction);
    if (!owner?.onAction) return { privateMessage: { text: "This button is no longer active." } };
    const settings = await engine.community.settings(inv.platform, inv.communityId);
    return owner.onAction(contextFor(inv, settings, engine.community.isOrganizer(inv.actor, settings), false), action);
  }

  let stopping = false;
  const adapters = deps.platforms.filter(isAdapter);
  /** Until the adapters' acknowledged events and the core's background work are both done (each feeds the other). */
  const drain = async () => {
    for (;;) {
      await Promise.all(adapters.map((a) => a.settled?.()));
      await tracker.idle();
      const again = await Promise.all(adapters.map((a) => within(a.settled?.() ?? Promise.resolve(), 0)));
      if (again.every(Boolean)) return;
    }
  };

  const bot: Bot = {
    engine,
    commands,

    async runCommand(inv, name, raw) {
      try {
        if (stopping) return restarting;
        if (!(await firstTime(inv))) return { kind: "duplicate" };
        return await dispatch(inv, name, raw, false);
      } catch (error) {
        return failure(inv, `command ${name}`, error);
      }
    },

    async submitForm(inv, formId, values) {
      try {
        if (stopping) return restarting;
        if (!(await firstTime(inv))) return { kind: "duplicate" };
        const action = parseAction(formId);
        if (action?.kind === "report-details") {
          if (!mayAct(inv, await engine.sessions.get(action.sessionId))) return privateReply(refusedAction);
          const what = values.what ?? "";
          return privateReply(await reportDetails(engine, { ...action, userId: inv.actor.userId, what }));
        }
        // A form is a command whose options came from a modal; the same schema validates both.
        return await dispatch(inv, formId, values, true);
      } catch (error) {
        return failure(inv, `form ${formId}`, error);
      }
    },

    async handleAction(inv, actionId): Promise<ActionReply> {
      try {
        if (stopping) return { privateMessage: RESTARTING };
        if (!(await firstTime(inv))) return { duplicate: true };
        const action = parseAction(actionId);
        const userId = inv.actor.userId;
        if (!action) return { privateMessage: { text: "This button is no longer active." } };
        const session = "sessionId" in action ? await engine.sessions.get(action.sessionId) : undefined;
        switch (action.kind) {
          case "join":
            if (!(await mayJoin(engine, inv, session))) return refused(inv, actionId);
            return { privateMessage: await engine.lifecycle.joinSession(action.sessionId, inv.actor) };
          case "leave":
            if (!mayAct(inv, session)) return refused(inv, actionId);
            return { privateMessage: await engine.lifecycle.leaveSession(action.sessionId, userId) };
          case "feedback":
            if (!mayAct(inv, session)) return refused(inv, actionId);
            return await giveFeedback(engine, { ...action, userId });
          case "stay-in-touch":
            if (!mayAct(inv, session)) return refused(inv, actionId);
            return await answerStayInTouch(engine, { ...action, userId });
          case "schedule":
            if (action.action.kind === "pool-in" && !(await mayJoinPool(engine, inv, action.action.channelId)))
              return refused(inv, actionId);
            return await handleScheduleAction(engine, inv, action.action);
          case "extend":
            if (!mayAct(inv, session)) return refused(inv, actionId);
            return await extendGroup(engine, { ...action, userId });
          case "video-link":
            // Slack reports a click on a link button too; the browser opened the room, nothing to answer.
            return {};
          case "report-details":
            // A form id, not a button: only a forged click gets here.
            return { privateMessage: say.reportFirst };
          case "unblock":
            return { privateMessage: await unblock(engine, inv, action.userId) };
          case "profile-form":
          case "profile-only":
            return await commandAction(inv, action);
        }
      } catch (error) {
        const reply = failure(inv, `action ${actionId}`, error);
        return reply.kind === "message" ? { privateMessage: reply.message } : {};
      }
    },

    async homeSections(inv) {
      // Read-only views, so no de-duplication: opening the Home tab twice shows the same page twice.
      const settings = await engine.community.settings(inv.platform, inv.communityId);
      const wanted = engine.community.isOrganizer(inv.actor, settings) ? ["me", "stats"] : ["me"];
      const sections: RichMessage[] = [];
      for (const name of wanted) {
        if (!commands.some((c) => c.name === name)) continue;
        const reply = await dispatch(inv, name, name === "stats" ? { period: "30d" } : {}, false);
        if (reply.kind !== "message") continue;
        const { attachments: _files, ...shown } = reply.message;
        sections.push(
          name === "stats" ? { ...shown, title: `Organizer summary · ${shown.title ?? "last 30 days"}` } : shown,
        );
      }
      return sections;
    },

    async recordSpaceMessage(platform, _communityId, spaceId, userId, eventId) {
      // In the store, like commands and clicks: an in-memory set forgets across a restart and Slack retries anyway.
      if (eventId && !(await store.setIfAbsent(keys.seenEvent(platform, eventId), clock.now(), SEEN_TTL_MS))) return;
      await countSpaceMessage(engine, platform, spaceId, userId);
    },

    async voiceMoved(platform, _communityId, userId, from, to) {
      await voiceMoved(engine, platform, userId, from, to, (id, u) => engine.lifecycle.leaveSession(id, u));
    },

    async memberLeftCommunity(platform, communityId, userId) {
      for (const id of await engine.sessions.activeIds()) {
        const session = await engine.sessions.get(id);
        if (
          session?.platform === platform &&
          session.communityId === communityId &&
          session.participants.includes(userId)
        ) {
          await engine.lifecycle.leaveSession(id, userId);
        }
      }
    },

    async communityRemoved(platform, communityId) {
      for (const id of await engine.sessions.activeIds()) {
        const session = await engine.sessions.get(id);
        if (session?.platform === platform && session.communityId === communityId)
          await engine.lifecycle.finishSession(id, "ended-early", { quiet: true });
      }
      await pauseCommunitySchedules(engine, platform, communityId);
    },

    async start() {
      engine.planner.warm?.();
      // Platforms first: a resumed round opens spaces and posts at once, and a platform client that has not logged
      // in yet (discord.js REST has no token before login) would fail every call.
      for (const p of deps.platforms) if (isAdapter(p)) await p.start(bot);
      await peers?.start();
      await jobs.start();
      await ensureMaintenance(engine);
      await engine.lifecycle.resumeSessions();
      await resumeSchedules(engine);
    },

    async stop(options = {}) {
      const started = performance.now();
      stopping = true;
      jobs.stop();
      const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
      const drained = await within(drain(), timeoutMs);
      if (!drained)
        logger.warn("shutdown deadline reached with work in flight; it is left for the next start", { timeoutMs });
      for (const p of adapters) await p.stop();
      await within(tracker.idle(), AFTER_STOP_GRACE_MS);
      await jobs.close();
      // Forgotten only once drained: attempts still in flight stay respected until this heartbeat's horizon passes.
      await peers?.stop({ forget: drained });
      await engine.planner.close();
      const ms = Math.round(performance.now() - started);
      logger.info("stopped", { drained, ms });
      return { drained, ms };
    },

    idle: () => tracker.idle(),
  };

  // Counted around the handlers so every return path is counted once.
  const { runCommand, submitForm, handleAction } = bot;
  const ofReply = (r: Reply) => outcome(r.kind === "message" ? r.message : undefined, r.kind === "duplicate");
  bot.runCommand = async (inv, name, raw) => {
    const reply = await runCommand(inv, name, raw);
    metrics.command(name, ofReply(reply));
    return reply;
  };
  bot.submitForm = async (inv, formId, values) => {
    const reply = await submitForm(inv, formId, values);
    metrics.command(formId, ofReply(reply));
    return reply;
  };
  bot.handleAction = async (inv, actionId) => {
    const reply = await handleAction(inv, actionId);
    metrics.click(parseAction(actionId)?.kind ?? "stale", outcome(reply.privateMessage, reply.duplicate === true));
    return reply;
  };
  return bot;
}
