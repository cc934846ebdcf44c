import type { App, RespondFn, ViewResponseAction } from "@slack/bolt";
import type { CommandDefinition } from "../../commands/types.ts";
import type { Logger } from "../../src/logger.ts";
import type { Metrics } from "../../src/metrics.ts";
import type { ActionReply, BotInbound, Invocation, Reply } from "../../src/platform/inbound.ts";
import type { RichMessage } from "../../src/platform/port.ts";
import { helpText, parseCommandText } from "../shared/command-text.ts";
import { renderHome } from "./home.ts";
import { PLATFORM_ID } from "./platform-id.ts";
import { readFormMetadata, readModalValues, renderMessage, renderMessages, renderModal } from "./render.ts";
import type { SeenKeys } from "./seen.ts";
import { memberFromJson, type SlackUserJson } from "./web.ts";
import type { Priority, WorkQueue } from "./work-queue.ts";
import type { SlackWorkspace, Workspaces } from "./workspaces.ts";

/** What the listeners need; built once per adapter start. */
export interface ListenerDeps {
  bot: BotInbound;
  commands: readonly CommandDefinition[];
  /** Each event is served with its own workspace's client, caches and pacing. */
  workspaces: Workspaces;
  seen: SeenKeys;
  queue: WorkQueue;
  logger: Logger;
  metrics: Metrics;
  /** The slash command the app registers (manifest: /quickmeet). */
  command: string;
  /**
   * The app was uninstalled from a workspace, or its bot token revoked: forget the token and stop what runs there.
   */
  uninstalled(where: { teamId: string; enterpriseId?: string; isEnterpriseInstall: boolean }): Promise<void>;
}

/** Where a reply to one inbound event can go. */
interface ReplyRoute {
  teamId: string;
  /** The workspace, once resolved (inside the work queue, so `settled()` covers the look-up too). */
  ws?: SlackWorkspace;
  respond: RespondFn | undefined;
  userId: string;
  channelId: string;
  triggerId: string | undefined;
}

const text = (message: string): RichMessage => ({ text: message });

/** How long a form submission waits for the core before an empty acknowledgement (Slack's window is 3 s). */
const FORM_ACK_BUDGET_MS = 2_000;

/** The answer if it comes within `ms`, else undefined. */
async function within<T>(pending: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Wire Bolt's listeners to the core. Every listener acknowledges first (Slack's 3-second window), drops a retry it
 * has already taken, then awaits the core and answers through response_url, chat.postEphemeral, a DM or views.open.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { bot, seen, logger, metrics, workspaces } = deps;
  // Stamped by the first middleware, read right after ack(): the time our process took to acknowledge.
  app.use(async ({ context, next }) => {
    context.receivedAt = performance.now();
    await next();
  });
  const acked = (context: Record<string, unknown>) => {
    if (typeof context.receivedAt === "number") metrics.ack(PLATFORM_ID, performance.now() - context.receivedAt);
  };

  async function invocation(
    ws: SlackWorkspace,
    teamId: string,
    channelId: string,
    userId: string,
    userName: string,
    eventId: string,
  ): Promise<Invocation> {
    const member = await ws.directory.getOr(userId, userName);
    return {
      platform: PLATFORM_ID,
      communityId: teamId,
      channelId,
      actor: { userId, displayName: member.displayName, isAdmin: member.isAdmin, roleIds: [] },
      eventId,
    };
  }

  /**
   * Say something only this member sees, by the best channel available. Ephemeral messages cannot carry files, so
   * attachments (stats chart, CSV export) go to the member's DM with the bot, never into the channel.
   */
  async function tellPrivately(route: ReplyRoute, message: RichMessage): Promise<void> {
    const ws = await wsOf(route);
    const bodies = renderMessages(message);
    const files = message.attachments ?? [];
    if (route.respond) {
      for (const body of bodies)
        await route.respond({
          response_type: "ephemeral",
          replace_original: false,
          text: body.text,
          blocks: body.blocks,
        });
    } else if (route.channelId && !route.channelId.startsWith("D")) {
      let posted = 0;
      try {
        for (const body of bodies) {
          await ws.web.postEphemeral(route.channelId, route.userId, body);
          posted += 1;
        }
      } catch (error) {
        // Nothing shown yet (the bot is not in the channel...): the DM carries the whole reply and its files. Once
        // part of it is shown, a DM would repeat that part: the failure is reported instead.
        if (posted > 0) throw error;
        return ws.platform.sendPrivate("", route.userId, message);
      }
    } else {
      return ws.platform.sendPrivate("", route.userId, message);
    }
    if (files.length === 0) return;
    try {
      await ws.platform.shareFilesPrivately(
        route.userId,
        files,
        `Your files from Quick Meet: ${files.map((f) => f.name).join(", ")}`,
      );
    } catch (error) {
      // The figures already arrived; say what is missing and why (a missing files:write scope is named).
      logger.warn("slack: could not share a reply's files", { error, userId: route.userId });
      const detail = error instanceof Error ? error.message : String(error);
      await tellPrivately(route, text(`The files could not be attached: ${detail}`));
    }
  }

  async function deliverReply(reply: Reply, route: ReplyRoute): Promise<void> {
    const ws = await wsOf(route);
    switch (reply.kind) {
      case "duplicate":
        return;
      case "form":
        if (!route.triggerId) throw new Error("A form reply needs a trigger id");
        await ws.web.openView(
          route.triggerId,
          renderModal(reply.form, { formId: reply.form.formId, channelId: route.channelId }),
        );
        return;
      case "form-errors":
        // Too late for the open modal's acknowledgement: say what to fix instead.
        return tellPrivately(route, reply.message);
      case "message":
        if (reply.visibility === "private") return tellPrivately(route, reply.message);
        if (route.respond) {
          for (const body of renderMessages(reply.message))
            await route.respond({ response_type: "in_channel", text: body.text, blocks: body.blocks });
        } else {
          await ws.platform.postInChannel({ communityId: "", channelId: route.channelId }, reply.message);
        }
    }
  }

  async function wsOf(route: ReplyRoute): Promise<SlackWorkspace> {
    route.ws ??= await workspaces.get(route.teamId);
    return route.ws;
  }

  /** Never fail silently toward a member: log, then tell them what went wrong in words they can act on. */
  async function guarded(
    route: ReplyRoute,
    what: string,
    priority: Priority,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await deps.queue.run(priority, async () => {
        await wsOf(route);
        await work();
      });
    } catch (error) {
      logger.error(`slack: ${what} failed`, { error, userId: route.userId, channelId: route.channelId });
      const detail = error instanceof Error ? error.message : String(error);
      await tellPrivately(route, text(`Sorry, that did not work: ${detail}`)).catch((e: unknown) =>
        logger.error("slack: could not report a failure to the member", { error: e }),
      );
    }
  }

  app.command(deps.command, async ({ command, ack, respond, context }) => {
    await ack();
    acked(context);
    // Slack keeps the trigger id when it redelivers the same command.
    const eventId = `slack:command:${command.trigger_id}`;
    if (!seen.first(eventId)) return;
    const route: ReplyRoute = {
      teamId: command.team_id,
      respond,
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
    };
    await guarded(route, "command", "interactive", async () => {
      const parsed = parseCommandText(command.text ?? "", deps.commands);
      if (parsed.kind === "help") return tellPrivately(route, text(helpText(deps.commands, parsed.topic)));
      if (parsed.kind === "error") return tellPrivately(route, text(parsed.message));
      const inv = await invocation(
        await wsOf(route),
        command.team_id,
        command.channel_id,
        command.user_id,
        command.user_name,
        eventId,
      );
      await deliverReply(await bot.runCommand(inv, parsed.name, parsed.rawOptions), route);
    });
  });

  app.action({ type: "block_actions" }, async ({ ack, body, action, respond, context }) => {
    await ack();
    acked(context);
    if (!("action_id" in action)) return;
    const userId = body.user.id;
    const eventId = `slack:action:${action.action_ts}:${userId}:${action.action_id}`;
    if (!seen.first(eventId)) return;
    const channelId = body.channel?.id ?? "";
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const route: ReplyRoute = {
      teamId,
      respond: body.response_url ? respond : undefined,
      userId,
      channelId,
      triggerId: body.trigger_id,
    };
    await guarded(route, "button", "bulk", async () => {
      const ws = await wsOf(route);
      const inv = await invocation(ws, teamId, channelId, userId, body.user.name ?? body.user.username ?? "", eventId);
      const reply: ActionReply = await bot.handleAction(inv, action.action_id);
      if (reply.duplicate) return;
      if (reply.replaceOriginal) {
        const rendered = renderMessage(reply.replaceOriginal);
        if (respond && body.response_url)
          await respond({ replace_original: true, text: rendered.text, blocks: rendered.blocks });
      }
      if (reply.form && route.triggerId)
        await ws.web.openView(
          route.triggerId,
          renderModal(reply.form, { formId: reply.form.formId, channelId: route.channelId }),
        );
      if (reply.privateMessage) await tellPrivately(route, reply.privateMessage);
      if (body.view?.type === "home") await publishHome(ws, teamId, userId, eventId);
    });
  });

  app.view({ type: "view_submission" }, async ({ ack: boltAck, body, view, context }) => {
    const ack = async (response?: ViewResponseAction) => {
      await (response ? boltAck(response) : boltAck());
      acked(context);
    };
    const userId = body.user.id;
    const eventId = `slack:view:${view.id}:${view.hash}`;
    if (!seen.first(eventId)) return ack();
    const meta = readFormMetadata(view.private_metadata, view.callback_id);
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const route: ReplyRoute = {
      teamId,
      respond: undefined,
      userId,
      channelId: meta.channelId,
      triggerId: (body as { trigger_id?: string }).trigger_id,
    };
    const values = readModalValues(view.state.values as Record<string, Record<string, { value?: string | null }>>);
    const pending = wsOf(route)
      .then((ws) => invocation(ws, teamId, meta.channelId, userId, body.user.name, eventId))
      .then((inv) => bot.submitForm(inv, meta.formId, values));
    // Mistakes must reach the open modal, which only the acknowledgement can do (response_action "errors"): wait
    // for the core's answer within the window; a slower answer is delivered after an empty acknowledgement.
    const early = await within(
      pending.catch(() => undefined),
      FORM_ACK_BUDGET_MS,
    );
    if (early?.kind === "form-errors") {
      const errors = Object.fromEntries(Object.entries(early.errors).filter(([id]) => id in values));
      if (Object.keys(errors).length > 0) return ack({ response_action: "errors", errors });
    }
    await ack();
    await guarded(route, "form", "interactive", async () => deliverReply(early ?? (await pending), route));
  });

  app.event("message", async ({ event, body }) => {
    // Counted, never stored: only who wrote in which group DM reaches the core, not what they wrote.
    if (
      event.channel_type !== "mpim" ||
      ("subtype" in event && event.subtype !== undefined && event.subtype !== "file_share")
    )
      return;
    if (!("user" in event) || typeof event.user !== "string") return;
    const eventId = `slack:event:${body.event_id}`;
    if (!seen.first(eventId)) return;
    const writer = event.user;
    await deps.queue
      .run("bulk", () => bot.recordSpaceMessage(PLATFORM_ID, body.team_id, event.channel, writer, eventId))
      .catch((error: unknown) => logger.error("slack: recordSpaceMessage failed", { error, channel: event.channel }));
  });

  async function publishHome(ws: SlackWorkspace, teamId: string, userId: string, eventId: string): Promise<void> {
    const inv = await invocation(ws, teamId, "", userId, userId, `${eventId}:home`);
    await ws.web.publishHome(userId, renderHome(await bot.homeSections(inv)));
  }

  app.event("app_home_opened", async ({ event, body }) => {
    if (event.tab !== "home" || !seen.first(`slack:event:${body.event_id}`)) return;
    await deps.queue
      .run("interactive", async () =>
        publishHome(await workspaces.get(body.team_id), body.team_id, event.user, `slack:event:${body.event_id}`),
      )
      .catch((error: unknown) => logger.error("slack: App Home failed", { error, userId: event.user }));
  });

  app.event("user_change", async ({ event, body }) => {
    const user = event.user as { id: string; deleted?: boolean };
    // The same reading as users.info's, so a changed title or time zone is current at the next match.
    (await workspaces.peek(body.team_id))?.directory.remember({
      ...memberFromJson(event.user as SlackUserJson),
      id: user.id,
    });
    if (user.deleted && seen.first(`slack:event:${body.event_id}`)) {
      await deps.queue
        .run("bulk", () => bot.memberLeftCommunity(PLATFORM_ID, body.team_id, user.id))
        .catch((error: unknown) => logger.error("slack: memberLeftCommunity failed", { error, userId: user.id }));
    }
  });
}

/**
 * Uninstall and revocation (Bolt delivers these without authorizing them, the token being gone): the workspace's
 * installation is deleted and what runs there stopped. `tokens_revoked` matters only when it names the bot's token.
 */
export function registerUninstallListeners(app: App, deps: ListenerDeps): void {
  const where = (body: { team_id: string; enterprise_id?: string; is_enterprise_install?: boolean }) => ({
    teamId: body.team_id,
    ...(body.enterprise_id ? { enterpriseId: body.enterprise_id } : {}),
    isEnterpriseInstall: body.is_enterprise_install === true,
  });
  const run = async (eventId: string, body: Parameters<typeof where>[0]) => {
    if (!deps.seen.first(`slack:event:${eventId}`)) return;
    await deps.queue
      .run("interactive", () => deps.uninstalled(where(body)))
      .catch((error: unknown) => deps.logger.error("slack: uninstall failed", { error, teamId: body.team_id }));
  };
  app.event("app_uninstalled", async ({ body }) => run(body.event_id, body));
  app.event("tokens_revoked", async ({ event, body }) => {
    if ((event.tokens.bot ?? []).length === 0) return;
    await run(body.event_id, body);
  });
}
