import type { z } from "zod";
import { commands as allCommands, type CommandDefinition } from "../commands/index.ts";
import { profileFormFor, switchProfileOnly } from "../commands/profile.ts";
import type { Clock } from "./clock.ts";
import type { CommandContext } from "./commands-context.ts";
import { CommunityRepo } from "./community/repo.ts";
import type { BotConfig } from "./config.ts";
import type { PlatformId } from "./domain/types.ts";
import { JobScheduler } from "./jobs/scheduler.ts";
import { WorkTracker } from "./jobs/tracker.ts";
import type { Logger } from "./logger.ts";
import { parseAction } from "./messages/actions.ts";
import * as say from "./messages/templates.ts";
import type { PlatformAdapter } from "./platform/adapter.ts";
import type { ActionReply, BotInbound, Invocation, Reply } from "./platform/inbound.ts";
import type { ChatPlatform, RichMessage } from "./platform/port.ts";
import { handleScheduleAction, registerScheduleJobs, resumeSchedules } from "./schedule/index.ts";
import type { EngineContext } from "./session/context.ts";
import { answerStayInTouch, countSpaceMessage, giveFeedback, reportDetails } from "./session/interactions.ts";
import { joinSession, leaveSession, registerSessionJobs, resumeSessions } from "./session/lifecycle.ts";
import { createWorkerPlanRunner, type PlanRunner } from "./session/plan-runner.ts";
import { SessionRepo } from "./session/repo.ts";
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
  /** Commands to serve; defaults to every command in commands/. */
  commands?: readonly CommandDefinition[];
}

/** The running bot: the inbound surface adapters call, plus lifecycle. */
export interface Bot extends BotInbound {
  readonly engine: EngineContext;
  readonly commands: readonly CommandDefinition[];
  /** Re-arms stored deadlines, resumes half-done work, then connects adapters. */
  start(): Promise<void>;
  /** Disconnects adapters and stops timers; waits for work in flight. */
  stop(): Promise<void>;
  /** Resolves when no background work is running (tests, graceful shutdown). */
  idle(): Promise<void>;
}

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
async function unblock(engine: EngineContext, inv: Invocation, userId: string): Promise<RichMessage> {
  await engine.community.updateMemberState(inv.platform, inv.communityId, inv.actor.userId, (s) => ({
    ...s,
    blocked: s.blocked.filter((b) => b !== userId),
  }));
  return say.unblocked(userId);
}

export function createBot(deps: BotDeps): Bot {
  const { store, clock, logger, config } = deps;
  const platforms = new Map<PlatformId, ChatPlatform>(deps.platforms.map((p) => [p.id, p]));
  const commands = deps.commands ?? allCommands;
  const tracker = new WorkTracker(logger);
  const jobs = new JobScheduler(store, clock, logger, tracker);
  const engine: EngineContext = {
    store,
    clock,
    logger,
    config,
    tracker,
    jobs,
    planner: deps.planRunner ?? createWorkerPlanRunner(),
    community: new CommunityRepo(store, clock, config.sessionDefaults),
    sessions: new SessionRepo(store),
    platform(id) {
      const p = platforms.get(id);
      if (!p) throw new Error(`Platform "${id}" is not configured in this process`);
      return p;
    },
  };
  registerSessionJobs(engine);
  registerScheduleJobs(engine);

  /** True the first time an event id is seen: duplicates (retries, double deliveries) are dropped. */
  const firstTime = (inv: Invocation) =>
    store.setIfAbsent(keys.seenEvent(inv.platform, inv.eventId), clock.now(), SEEN_TTL_MS);

  const failure = (what: string, error: unknown): Reply => {
    logger.error(`${what} failed`, { error });
    return {
      kind: "message",
      visibility: "private",
      message: {
        text: "Something went wrong on our side and the organizers' logs have the details. Nothing you entered was lost: please try again in a moment.",
      },
    };
  };

  async function dispatch(
    inv: Invocation,
    name: string,
    raw: Record<string, unknown>,
    fromForm: boolean,
  ): Promise<Reply> {
    const def = commands.find((c) => c.name === name);
    if (!def) {
      return {
        kind: "message",
        visibility: "private",
        message: { text: `There's no \`/quickmeet ${name}\`. Available: ${commands.map((c) => c.name).join(", ")}.` },
      };
    }
    const settings = await engine.community.settings(inv.platform, inv.communityId);
    const isOrganizer = engine.community.isOrganizer(inv.actor, settings);
    if (def.access === "organizer" && !isOrganizer)
      return { kind: "message", visibility: "private", message: say.notOrganizer(name) };
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
      return { kind: "message", visibility: "private", message };
    }
    const ctx: CommandContext = {
      invocation: inv,
      engine,
      platform: engine.platform(inv.platform),
      settings,
      isOrganizer,
      fromForm,
    };
    return def.run(ctx, parsed.data);
  }

  const bot: Bot = {
    engine,
    commands,

    async runCommand(inv, name, raw) {
      try {
        if (!(await firstTime(inv))) return { kind: "duplicate" };
        return await dispatch(inv, name, raw, false);
      } catch (error) {
        return failure(`command ${name}`, error);
      }
    },

    async submitForm(inv, formId, values) {
      try {
        if (!(await firstTime(inv))) return { kind: "duplicate" };
        const action = parseAction(formId);
        if (action?.kind === "report-details") {
          const what = values.what ?? "";
          const message = await reportDetails(engine, { ...action, userId: inv.actor.userId, what });
          return { kind: "message", visibility: "private", message };
        }
        // A form is a command whose options came from a modal; the same schema validates both.
        return await dispatch(inv, formId, values, true);
      } catch (error) {
        return failure(`form ${formId}`, error);
      }
    },

    async handleAction(inv, actionId): Promise<ActionReply> {
      try {
        if (!(await firstTime(inv))) return { duplicate: true };
        const action = parseAction(actionId);
        const userId = inv.actor.userId;
        if (!action) return { privateMessage: { text: "This button is no longer active." } };
        switch (action.kind) {
          case "join":
            return { privateMessage: await joinSession(engine, action.sessionId, inv.actor) };
          case "leave":
            return { privateMessage: await leaveSession(engine, action.sessionId, userId) };
          case "feedback":
            return await giveFeedback(engine, { ...action, userId });
          case "stay-in-touch":
            return await answerStayInTouch(engine, { ...action, userId });
          case "schedule":
            return await handleScheduleAction(engine, inv, action.action);
          case "report-details":
            // A form id, not a button: only a forged click gets here.
            return { privateMessage: say.reportFirst };
          case "unblock":
            return { privateMessage: await unblock(engine, inv, action.userId) };
          case "profile-form":
            return await profileFormFor(engine, inv);
          case "profile-only":
            return { privateMessage: await switchProfileOnly(engine, inv, action.on) };
        }
      } catch (error) {
        const reply = failure(`action ${actionId}`, error);
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

    async recordSpaceMessage(platform, _communityId, spaceId, userId) {
      await countSpaceMessage(engine, platform, spaceId, userId);
    },

    async memberLeftCommunity(platform, communityId, userId) {
      for (const id of await engine.sessions.activeIds()) {
        const session = await engine.sessions.get(id);
        if (
          session?.platform === platform &&
          session.communityId === communityId &&
          session.participants.includes(userId)
        ) {
          await leaveSession(engine, id, userId);
        }
      }
    },

    async start() {
      engine.planner.warm?.();
      await jobs.start();
      await resumeSessions(engine);
      await resumeSchedules(engine);
      for (const p of deps.platforms) if (isAdapter(p)) await p.start(bot);
    },

    async stop() {
      jobs.stop();
      for (const p of deps.platforms) if (isAdapter(p)) await p.stop();
      await tracker.idle();
      await engine.planner.close();
    },

    idle: () => tracker.idle(),
  };
  return bot;
}
