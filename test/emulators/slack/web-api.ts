import { SLACK } from "../../../adapters/slack/limits.ts";
import { conversationHistory, metadataOf } from "./history.ts";
import type { Workspace } from "./state.ts";
import type { EmuChannel, EmuFile, EmuUser } from "./types.ts";
import { messageBlocksError, viewProblems } from "./validate.ts";

/** A Slack API error: HTTP 200 with `{ ok: false, error, ...extra }`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export type Args = Record<string, unknown>;

/** Context the server gives a handler: the workspace and the emulator's own base URL (for upload/response URLs). */
export interface HandlerContext {
  ws: Workspace;
  baseUrl: string;
  /** Issues a socket-mode URL (apps.connections.open). */
  socketUrl(): string;
  /** Trigger ids older than this are rejected by views.open (Slack: 3 s). */
  triggerTtlMs: number;
}

type Handler = (ctx: HandlerContext, args: Args) => Record<string, unknown>;

function str(args: Args, key: string): string {
  const value = args[key];
  if (typeof value !== "string" || value === "")
    throw new ApiError(key === "channel" ? "channel_not_found" : "invalid_arguments");
  return value;
}

/** Form-encoded bodies carry nested objects as JSON strings (WebClient serialises them that way). */
function json(args: Args, key: string): unknown {
  const value = args[key];
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new ApiError("invalid_arguments", { detail: `${key} is not JSON` });
  }
}

function channelOf(ctx: HandlerContext, id: string): EmuChannel {
  const channel = ctx.ws.channels.get(id);
  if (!channel) throw new ApiError("channel_not_found");
  return channel;
}

export function userJson(user: EmuUser, teamId: string): Record<string, unknown> {
  return {
    id: user.id,
    team_id: teamId,
    name: user.name,
    real_name: user.realName,
    deleted: user.deleted,
    is_admin: user.isAdmin,
    is_owner: user.isOwner,
    is_bot: user.isBot,
    ...(user.isBot ? {} : zoneJson(user.tz ?? "America/Los_Angeles")),
    profile: {
      real_name: user.realName,
      display_name: user.realName,
      display_name_normalized: user.realName,
      title: user.title ?? "",
    },
  };
}

/** `tz`, `tz_label` ("Pacific Standard Time") and `tz_offset` in seconds, as users.info reports them now. */
function zoneJson(tz: string): Record<string, unknown> {
  const now = new Date();
  const part = (timeZoneName: "long" | "longOffset") =>
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName })
      .formatToParts(now)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  const m = /GMT([+-])(\d{2}):(\d{2})/u.exec(part("longOffset"));
  const offset = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
  return { tz, tz_label: part("long"), tz_offset: offset };
}

function channelJson(channel: EmuChannel, botUserId: string): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    created: channel.created,
    is_channel: channel.kind === "channel",
    is_group: channel.kind === "private",
    is_private: channel.kind !== "channel",
    is_im: channel.kind === "im",
    is_mpim: channel.kind === "mpim",
    is_member: channel.members.includes(botUserId),
    num_members: channel.members.length,
  };
}

function postable(ctx: HandlerContext, id: string): EmuChannel {
  const channel = channelOf(ctx, id);
  if (!channel.members.includes(ctx.ws.botUserId)) throw new ApiError("not_in_channel");
  return channel;
}

const MIME_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  csv: "text/csv",
  txt: "text/plain",
  json: "application/json",
  pdf: "application/pdf",
};

/** Slack infers a file's type from its name. */
function mimeOf(filename: string): string {
  const ext = filename.includes(".") ? filename.slice(filename.lastIndexOf(".") + 1).toLowerCase() : "";
  return MIME_TYPES[ext] ?? "application/octet-stream";
}

/** A file object as files.completeUploadExternal returns it (the fields apps read). */
function fileJson(ctx: HandlerContext, file: EmuFile): Record<string, unknown> {
  return {
    id: file.id,
    name: file.name,
    title: file.title,
    mimetype: file.mimetype,
    size: file.data?.length ?? 0,
    user: ctx.ws.botUserId,
    is_public: file.channels.some((c) => ctx.ws.channels.get(c)?.kind === "channel"),
    channels: file.channels.filter((c) => ctx.ws.channels.get(c)?.kind === "channel"),
    groups: file.channels.filter(
      (c) => ctx.ws.channels.get(c)?.kind === "private" || ctx.ws.channels.get(c)?.kind === "mpim",
    ),
    ims: file.channels.filter((c) => ctx.ws.channels.get(c)?.kind === "im"),
    url_private: `${ctx.baseUrl}/files-pri/${ctx.ws.teamId}-${file.id}/${encodeURIComponent(file.name)}`,
  };
}

/** A message's blocks, checked as Slack checks them (`invalid_blocks` with its messages, `msg_blocks_too_long`). */
function blocksOf(args: Args): unknown[] {
  if (args.blocks === undefined) return [];
  let blocks: unknown;
  try {
    blocks = json(args, "blocks");
  } catch {
    throw new ApiError("invalid_blocks_format");
  }
  if (!Array.isArray(blocks)) throw new ApiError("invalid_blocks_format");
  const problem = messageBlocksError(blocks);
  if (problem) throw new ApiError(problem.error, problem.extra);
  return blocks;
}

/**
 * A message's top-level text. Slack truncates past 40,000 characters and still posts, with a `message_truncated`
 * warning (changelog 2018-04-truncating-really-long-messages); an empty text without blocks is `no_text`.
 */
function textOf(args: Args): { text: string; warning?: Record<string, unknown> } {
  const text = typeof args.text === "string" ? args.text : "";
  if (text === "" && blocksOf(args).length === 0) throw new ApiError("no_text");
  if (text.length <= SLACK.messageText) return { text };
  return {
    text: text.slice(0, SLACK.messageText),
    warning: {
      warning: "message_truncated",
      response_metadata: {
        warnings: ["message_truncated"],
        messages: [
          "[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.",
        ],
      },
    },
  };
}

/** A view checked as Slack checks it: `invalid_arguments` with `[ERROR] … [json-pointer:/view/…]` messages. */
function viewOf(args: Args, expected: "modal" | "home" | "any"): Record<string, unknown> {
  const view = json(args, "view");
  const problems = viewProblems(view, expected);
  if (problems.length > 0)
    throw new ApiError("invalid_arguments", { response_metadata: { messages: problems.map((m) => `[ERROR] ${m}`) } });
  return view as Record<string, unknown>;
}

const handlers: Record<string, Handler> = {
  "auth.test": ({ ws, baseUrl }) => ({
    url: `${baseUrl}/`,
    team: ws.teamName,
    user: "quickmeet",
    team_id: ws.teamId,
    user_id: ws.botUserId,
    bot_id: ws.botId,
    is_enterprise_install: false,
  }),
  "apps.connections.open": (ctx) => ({ url: ctx.socketUrl() }),
  "team.info": ({ ws }) => ({ team: { id: ws.teamId, name: ws.teamName } }),
  "users.info": ({ ws }, args) => {
    const user = ws.users.get(str(args, "user"));
    if (!user) throw new ApiError("user_not_found");
    return { user: userJson(user, ws.teamId) };
  },
  "users.list": ({ ws }, args) => {
    const all = [...ws.users.values()];
    const limit = Math.min(Number(args.limit ?? 200) || 200, 1000);
    const start = typeof args.cursor === "string" && args.cursor !== "" ? Number(args.cursor) : 0;
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : "";
    return { members: page.map((u) => userJson(u, ws.teamId)), response_metadata: { next_cursor: next } };
  },
  "conversations.info": (ctx, args) => ({
    channel: channelJson(channelOf(ctx, str(args, "channel")), ctx.ws.botUserId),
  }),
  "conversations.members": (ctx, args) => {
    const channel = channelOf(ctx, str(args, "channel"));
    const limit = Math.min(Number(args.limit ?? 100) || 100, 1000);
    const start = typeof args.cursor === "string" && args.cursor !== "" ? Number(args.cursor) : 0;
    const next = start + limit < channel.members.length ? String(start + limit) : "";
    return { members: channel.members.slice(start, start + limit), response_metadata: { next_cursor: next } };
  },
  "conversations.history": (ctx, args) => {
    const channel = channelOf(ctx, str(args, "channel"));
    if (!channel.members.includes(ctx.ws.botUserId)) throw new ApiError("not_in_channel");
    return conversationHistory(ctx.ws, channel.id, args);
  },
  "conversations.open": (ctx, args) => {
    if (typeof args.channel === "string") return { channel: { id: channelOf(ctx, args.channel).id } };
    const raw = typeof args.users === "string" ? args.users : "";
    const users = raw
      .split(",")
      .map((u) => u.trim())
      .filter((u) => u !== "");
    if (users.length === 0) throw new ApiError("users_list_not_supplied");
    if (users.length > 8) throw new ApiError("too_many_users");
    for (const id of users) {
      const user = ctx.ws.users.get(id);
      if (!user) throw new ApiError("user_not_found");
      if (user.deleted) throw new ApiError("user_disabled");
    }
    const opened = users.length === 1 ? ctx.ws.openIm(users[0]!) : ctx.ws.openMpim(users);
    return { no_op: opened.alreadyOpen, already_open: opened.alreadyOpen, channel: { id: opened.channel.id } };
  },
  "chat.postMessage": (ctx, args) => {
    let id = str(args, "channel");
    // Posting to a user id posts in the bot's DM with them, as Slack does.
    if (id.startsWith("U")) id = ctx.ws.openIm(id).channel.id;
    const channel = postable(ctx, id);
    const { text, warning } = textOf(args);
    const metadata = metadataOf(args.metadata, (code) => {
      throw new ApiError(code);
    });
    const message = ctx.ws.post({
      channel: channel.id,
      user: ctx.ws.botUserId,
      text,
      blocks: blocksOf(args),
      ...(metadata ? { metadata } : {}),
      ...(typeof args.thread_ts === "string" ? { threadTs: args.thread_ts } : {}),
    });
    return {
      channel: channel.id,
      ts: message.ts,
      message: {
        text: message.text,
        ts: message.ts,
        blocks: message.blocks,
        ...(message.metadata ? { metadata: message.metadata } : {}),
      },
      ...warning,
    };
  },
  "chat.update": (ctx, args) => {
    const channel = channelOf(ctx, str(args, "channel"));
    const message = ctx.ws.findMessage(channel.id, str(args, "ts"));
    if (!message || message.user !== ctx.ws.botUserId)
      throw new ApiError(message ? "cant_update_message" : "message_not_found");
    const blocks = args.blocks === undefined ? message.blocks : blocksOf(args);
    const { text, warning } = args.text === undefined ? { text: message.text } : textOf({ ...args, blocks });
    message.text = text;
    message.blocks = blocks;
    message.edited = true;
    return { channel: channel.id, ts: message.ts, text: message.text, ...warning };
  },
  "chat.postEphemeral": (ctx, args) => {
    const channel = postable(ctx, str(args, "channel"));
    const user = str(args, "user");
    if (!channel.members.includes(user)) throw new ApiError("user_not_in_channel");
    const { text, warning } = textOf(args);
    const message = ctx.ws.post({
      channel: channel.id,
      user: ctx.ws.botUserId,
      text,
      blocks: blocksOf(args),
      ephemeralFor: user,
    });
    return { message_ts: message.ts, ...warning };
  },
  "views.open": (ctx, args) => {
    const trigger = str(args, "trigger_id");
    const issued = ctx.ws.triggers.get(trigger);
    if (issued === undefined) throw new ApiError("invalid_trigger_id");
    if (Date.now() - issued.at > ctx.triggerTtlMs) throw new ApiError("expired_trigger_id");
    const view = viewOf(args, "modal");
    ctx.ws.triggers.delete(trigger);
    const id = ctx.ws.nextId("V");
    ctx.ws.views.set(id, { id, userId: issued.userId, type: "modal", view, triggerId: trigger });
    return { view: { id, ...view } };
  },
  "views.publish": (ctx, args) => {
    const userId = str(args, "user_id");
    if (!ctx.ws.users.has(userId)) throw new ApiError("user_not_found");
    const view = viewOf(args, "home");
    const existing = [...ctx.ws.views.values()].find((v) => v.type === "home" && v.userId === userId);
    const id = existing?.id ?? ctx.ws.nextId("V");
    ctx.ws.views.set(id, { id, userId, type: "home", view });
    return { view: { id, ...view } };
  },
  "views.update": (ctx, args) => {
    const id = typeof args.view_id === "string" ? args.view_id : undefined;
    const existing = id
      ? ctx.ws.views.get(id)
      : [...ctx.ws.views.values()].find(
          (v) => args.external_id !== undefined && v.view.external_id === args.external_id,
        );
    if (!existing) throw new ApiError("not_found");
    const view = viewOf(args, existing.type);
    existing.view = view;
    return { view: { id: existing.id, ...view } };
  },
  "files.getUploadURLExternal": (ctx, args) => {
    const filename = str(args, "filename");
    // Slack requires the byte length up front; the form-encoded value arrives as text.
    const length = Number(args.length);
    if (!Number.isInteger(length) || length <= 0) throw new ApiError("invalid_arguments", { detail: "length" });
    const id = ctx.ws.nextId("F");
    ctx.ws.files.set(id, {
      id,
      name: filename,
      length,
      title: filename,
      mimetype: mimeOf(filename),
      completed: false,
      channels: [],
      shares: [],
    });
    return { upload_url: `${ctx.baseUrl}/upload/v1/${id}`, file_id: id };
  },
  "files.completeUploadExternal": (ctx, args) => {
    const list = json(args, "files");
    if (!Array.isArray(list) || list.length === 0) throw new ApiError("invalid_arguments", { detail: "files" });
    const entries = list as Array<{ id?: string; title?: string }>;
    const files = entries.map((entry) => {
      const file = entry.id ? ctx.ws.files.get(entry.id) : undefined;
      // A file whose bytes never reached the upload URL (or already completed) cannot be completed.
      if (!file || file.data === undefined || file.completed) throw new ApiError("file_not_found");
      return { file, title: typeof entry.title === "string" && entry.title !== "" ? entry.title : file.name };
    });
    // channel_id, or channels (comma-separated channel or user ids: a user id shares into the bot's DM with them).
    const targets =
      typeof args.channel_id === "string" && args.channel_id !== ""
        ? [args.channel_id]
        : typeof args.channels === "string"
          ? args.channels
              .split(",")
              .map((c) => c.trim())
              .filter((c) => c !== "")
          : [];
    const threadTs = typeof args.thread_ts === "string" && args.thread_ts !== "" ? args.thread_ts : undefined;
    if (threadTs && targets.length !== 1)
      throw new ApiError("invalid_arguments", { detail: "thread_ts needs one channel" });
    const channels = targets.map((id) => postable(ctx, id.startsWith("U") ? ctx.ws.openIm(id).channel.id : id));
    if (threadTs && !ctx.ws.findMessage(channels[0]!.id, threadTs)) throw new ApiError("invalid_thread_ts");
    for (const { file, title } of files) {
      file.completed = true;
      file.title = title;
    }
    const comment = typeof args.initial_comment === "string" ? args.initial_comment : "";
    const blocks = comment === "" ? blocksOf(args) : [];
    for (const channel of channels) {
      const message = ctx.ws.post({
        channel: channel.id,
        user: ctx.ws.botUserId,
        text: comment,
        blocks,
        files: files.map((f) => f.file.id),
        ...(threadTs ? { threadTs } : {}),
      });
      for (const { file } of files) {
        file.channels.push(channel.id);
        file.shares.push({ channel: channel.id, ts: message.ts, ...(threadTs ? { threadTs } : {}) });
      }
    }
    return { files: files.map(({ file }) => fileJson(ctx, file)) };
  },
};

/** The scope a bot token needs for a call (Slack's per-method "Required scopes"), or undefined when none. */
export function requiredScope(ws: Workspace, method: string, args: Args): string | undefined {
  switch (method) {
    case "chat.postMessage":
    case "chat.update":
    case "chat.postEphemeral":
      return "chat:write";
    case "users.info":
    case "users.list":
      return "users:read";
    case "team.info":
      return "team:read";
    case "files.getUploadURLExternal":
    case "files.completeUploadExternal":
      return "files:write";
    case "conversations.open": {
      const users = typeof args.users === "string" ? args.users.split(",").filter((u) => u.trim() !== "") : [];
      return users.length > 1 ? "mpim:write" : "im:write";
    }
    case "conversations.history": {
      const kind = typeof args.channel === "string" ? ws.channels.get(args.channel)?.kind : undefined;
      return { channel: "channels:history", private: "groups:history", im: "im:history", mpim: "mpim:history" }[
        kind ?? "channel"
      ];
    }
    case "conversations.info":
    case "conversations.members": {
      const kind = typeof args.channel === "string" ? ws.channels.get(args.channel)?.kind : undefined;
      return { channel: "channels:read", private: "groups:read", im: "im:read", mpim: "mpim:read" }[kind ?? "channel"];
    }
    default:
      return undefined;
  }
}

export function handlerFor(method: string): Handler | undefined {
  return handlers[method];
}

export const SERVED_METHODS = Object.keys(handlers);
