import { createHmac } from "node:crypto";
import type { Workspace } from "./state.ts";

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function sign(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestampSec}:${body}`).digest("hex")}`;
}

function userRef(ws: Workspace, userId: string): Record<string, string> {
  const user = ws.users.get(userId);
  return { id: userId, username: user?.name ?? userId, name: user?.name ?? userId, team_id: ws.teamId };
}

function channelName(ws: Workspace, channelId: string): string {
  const channel = ws.channels.get(channelId);
  return channel?.kind === "mpim" ? "mpdm" : channel?.kind === "im" ? "directmessage" : (channel?.name ?? "unknown");
}

/**
 * The command text as Slack sends it when the command escapes channels (`should_escape: true`, as in
 * adapters/slack/manifest.yaml): a channel typed as `#general` (picked from the client's list) arrives as
 * `<#C123|general>`. A name that matches no channel stays plain text, as in Slack.
 */
function escapeChannels(ws: Workspace, text: string): string {
  return text.replace(/(^|\s|:|=)#([a-z0-9_-]+)/g, (whole, before: string, name: string) => {
    for (const channel of ws.channels.values())
      if (channel.kind === "channel" && channel.name === name) return `${before}<#${channel.id}|${name}>`;
    return whole;
  });
}

/** The form fields of a slash command request, as Slack posts them. */
export function slashCommandPayload(
  ws: Workspace,
  input: { userId: string; channelId: string; command: string; text: string; responseUrl: string; triggerId: string },
): Record<string, string> {
  return {
    token: "verification-token-unused",
    team_id: ws.teamId,
    team_domain: "emulated",
    channel_id: input.channelId,
    channel_name: channelName(ws, input.channelId),
    user_id: input.userId,
    user_name: ws.users.get(input.userId)?.name ?? input.userId,
    command: input.command,
    text: escapeChannels(ws, input.text),
    api_app_id: ws.appId,
    is_enterprise_install: "false",
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

/** A `block_actions` payload for a button clicked on a message (or on the App Home when `viewId` is given). */
export function blockActionPayload(
  ws: Workspace,
  input: {
    userId: string;
    actionId: string;
    triggerId: string;
    actionTs: string;
    channelId?: string;
    messageTs?: string;
    responseUrl?: string;
    viewId?: string;
    isEphemeral?: boolean;
  },
): Record<string, unknown> {
  const message = input.channelId && input.messageTs ? ws.findMessage(input.channelId, input.messageTs) : undefined;
  const container = input.viewId
    ? { type: "view", view_id: input.viewId }
    : {
        type: "message",
        message_ts: input.messageTs,
        channel_id: input.channelId,
        is_ephemeral: input.isEphemeral ?? false,
      };
  return {
    type: "block_actions",
    user: userRef(ws, input.userId),
    api_app_id: ws.appId,
    token: "verification-token-unused",
    container,
    trigger_id: input.triggerId,
    team: { id: ws.teamId, domain: "emulated" },
    enterprise: null,
    is_enterprise_install: false,
    ...(input.channelId ? { channel: { id: input.channelId, name: channelName(ws, input.channelId) } } : {}),
    ...(message
      ? { message: { type: "message", user: message.user, ts: message.ts, text: message.text, blocks: message.blocks } }
      : {}),
    ...(input.viewId ? { view: { id: input.viewId, type: ws.views.get(input.viewId)?.type ?? "home" } } : {}),
    ...(input.responseUrl ? { response_url: input.responseUrl } : {}),
    actions: [
      {
        action_id: input.actionId,
        block_id: "actions",
        text: { type: "plain_text", text: input.actionId, emoji: true },
        value: input.actionId,
        type: "button",
        action_ts: input.actionTs,
      },
    ],
  };
}

/** A `view_submission` payload for a modal the app opened; `values` maps block id → typed text. */
export function viewSubmissionPayload(
  ws: Workspace,
  input: { userId: string; viewId: string; values: Record<string, string>; triggerId: string },
): Record<string, unknown> {
  const view = ws.views.get(input.viewId);
  if (!view) throw new Error(`No view ${input.viewId} in the emulator`);
  const blocks = Array.isArray(view.view.blocks) ? (view.view.blocks as Array<Record<string, unknown>>) : [];
  const state: Record<string, Record<string, { type: string; value: string | null }>> = {};
  for (const block of blocks) {
    if (block.type !== "input") continue;
    const blockId = String(block.block_id);
    const element = block.element as { action_id?: string; initial_value?: string } | undefined;
    const actionId = element?.action_id ?? blockId;
    const value = input.values[blockId] ?? element?.initial_value ?? null;
    state[blockId] = { [actionId]: { type: "plain_text_input", value } };
  }
  return {
    type: "view_submission",
    team: { id: ws.teamId, domain: "emulated" },
    user: userRef(ws, input.userId),
    api_app_id: ws.appId,
    token: "verification-token-unused",
    trigger_id: input.triggerId,
    view: {
      id: view.id,
      team_id: ws.teamId,
      type: "modal",
      blocks,
      callback_id: view.view.callback_id,
      private_metadata: view.view.private_metadata ?? "",
      title: view.view.title,
      state: { values: state },
      hash: `${view.id}-hash`,
      app_id: ws.appId,
      bot_id: ws.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

/** An Events API `event_callback` envelope around one event. */
export function eventCallbackPayload(
  ws: Workspace,
  event: Record<string, unknown>,
  eventId: string,
): Record<string, unknown> {
  return {
    token: "verification-token-unused",
    team_id: ws.teamId,
    api_app_id: ws.appId,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: ws.teamId, user_id: ws.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}
