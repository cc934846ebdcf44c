import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import { ApiError, type UploadedFile } from "./http.ts";
import { type Json, messagePayload } from "./payloads.ts";
import { type AttachmentRecord, type EmulatorState, isThread, type MessageRecord } from "./state.ts";
import { validateMessageBody } from "./validate.ts";

/** What routes need to push gateway events; the Gateway implements it. */
export interface Dispatcher {
  dispatch(t: string, d: Json, intent?: number): void;
}

export const EPHEMERAL = 64;
export const LOADING = 128;

/** Discord's per-message file count and the upload limit of a server without boosts (10 MiB). */
const MAX_FILES = 10;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What Discord reports as `content_type` when the upload did not say: guessed from the file name. */
const BY_EXTENSION: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  csv: "text/csv; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  json: "application/json; charset=utf-8",
  pdf: "application/pdf",
};

function contentTypeOf(file: UploadedFile, filename: string): string | undefined {
  if (file.contentType && file.contentType !== "application/octet-stream") return file.contentType;
  return BY_EXTENSION[filename.split(".").pop()?.toLowerCase() ?? ""];
}

/** Width and height from a PNG's IHDR chunk, as Discord reports them for images. */
function pngSize(data: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length < 24 || !data.subarray(0, 8).equals(signature) || data.toString("latin1", 12, 16) !== "IHDR")
    return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** Store an uploaded file as Discord would: a new attachment id, CDN urls, and the bytes kept for tests. */
function upload(
  state: EmulatorState,
  channelId: string,
  file: UploadedFile,
  entry: Json | undefined,
): AttachmentRecord {
  if (file.data.length > MAX_FILE_BYTES) throw new ApiError(413, 40005, "Request entity too large");
  const filename = typeof entry?.filename === "string" && entry.filename ? entry.filename : file.filename;
  const id = state.ids.next();
  const contentType = contentTypeOf(file, filename);
  state.attachmentData.set(id, file.data);
  const size = contentType === "image/png" ? pngSize(file.data) : undefined;
  return {
    id,
    filename,
    size: file.data.length,
    ...(contentType ? { content_type: contentType } : {}),
    url: `https://cdn.discordapp.invalid/attachments/${channelId}/${id}/${filename}`,
    proxy_url: `https://media.discordapp.invalid/attachments/${channelId}/${id}/${filename}`,
    ...(size ?? {}),
  };
}

/**
 * A message's attachments after a create or edit body with `files[n]` parts, with API v10's rules: an `attachments`
 * array in the body lists everything the message keeps — existing attachments by their id, new uploads by their
 * `files[n]` index (optionally renamed with `filename`); without it a create attaches every upload and an edit keeps
 * the old attachments and appends the uploads.
 */
export function resolveAttachments(
  state: EmulatorState,
  channelId: string,
  body: Json,
  files: UploadedFile[],
  existing: AttachmentRecord[] | null,
): AttachmentRecord[] {
  const byIndex = new Map(files.map((f) => [String(f.index), f]));
  let result: AttachmentRecord[];
  if (Array.isArray(body.attachments)) {
    result = [];
    const listed = new Set<string>();
    for (const entry of body.attachments as Json[]) {
      const id = String(entry?.id ?? "");
      const kept = existing?.find((a) => a.id === id);
      const file = byIndex.get(id);
      if (kept) result.push(kept);
      else if (file) {
        listed.add(id);
        result.push(upload(state, channelId, file, entry));
      } else throw new ApiError(400, 50035, `Invalid Form Body: attachments: unknown attachment ${id}`);
    }
    // A create attaches uploads the array forgot; an edit keeps only what the array lists.
    if (existing === null)
      for (const f of files) if (!listed.has(String(f.index))) result.push(upload(state, channelId, f, undefined));
  } else {
    result = [...(existing ?? []), ...files.map((f) => upload(state, channelId, f, undefined))];
  }
  if (result.length > MAX_FILES)
    throw new ApiError(400, 50035, `Invalid Form Body: attachments: must be ${MAX_FILES} or fewer in length.`);
  return result;
}

/**
 * Who a message notifies, as Discord decides it: mentions written in the content (a backslash before `<` or `@`
 * makes them plain text), filtered by `allowed_mentions` (absent: everything parses; `parse` lists the kinds, `users`
 * the only users). Without the GuildMessages intent the bot reads exactly this list (`mentions`, `mention_everyone`).
 */
export function notified(content: string, allowed: unknown): { mentions: string[]; mentionEveryone: boolean } {
  const written = [...content.matchAll(/(?<!\\)<@!?(\d{17,20})>/g)].map((m) => m[1] ?? "");
  const everyone = /(?<!\\)@(everyone|here)\b/.test(content);
  if (!allowed || typeof allowed !== "object") return { mentions: [...new Set(written)], mentionEveryone: everyone };
  const { parse, users } = allowed as { parse?: unknown; users?: unknown };
  const kinds = Array.isArray(parse) ? parse : [];
  const listed = Array.isArray(users) ? users.map(String) : [];
  const mentions = written.filter((id) => kinds.includes("users") || listed.includes(id));
  return { mentions: [...new Set(mentions)], mentionEveryone: everyone && kinds.includes("everyone") };
}

/** Build a message from a create/edit body (content, components, embeds, flags) with Discord's validation. */
export function messageFromBody(
  state: EmulatorState,
  channelId: string,
  authorId: string,
  body: Json,
  files: UploadedFile[],
  extra: Partial<MessageRecord> = {},
): MessageRecord {
  validateMessageBody(body);
  const content = typeof body.content === "string" ? body.content : "";
  const components = Array.isArray(body.components) ? body.components : [];
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (
    !content &&
    components.length === 0 &&
    embeds.length === 0 &&
    files.length === 0 &&
    !((extra.flags ?? 0) & LOADING)
  ) {
    throw new ApiError(400, 50006, "Cannot send an empty message");
  }
  const attachments = resolveAttachments(state, channelId, body, files, null);
  const now = Date.now();
  return {
    id: state.ids.next(now),
    channelId,
    authorId,
    content,
    embeds,
    components,
    attachments,
    flags: typeof body.flags === "number" ? body.flags & EPHEMERAL : 0,
    visibleTo: null,
    timestamp: new Date(now).toISOString(),
    editedTimestamp: null,
    webhookId: null,
    ...notified(content, body.allowed_mentions),
    createdAtMs: now,
    editCount: 0,
    ...extra,
  };
}

/** Apply an edit body to a stored message (content/components/embeds present in the body replace the old ones). */
export function applyEdit(state: EmulatorState, message: MessageRecord, body: Json, files: UploadedFile[]): void {
  validateMessageBody(body);
  if (typeof body.content === "string") {
    message.content = body.content;
    Object.assign(message, notified(body.content, body.allowed_mentions));
  }
  if (Array.isArray(body.components)) message.components = body.components;
  if (Array.isArray(body.embeds)) message.embeds = body.embeds;
  if (Array.isArray(body.attachments) || files.length > 0)
    message.attachments = resolveAttachments(state, message.channelId, body, files, message.attachments);
  message.flags &= ~LOADING;
  message.editedTimestamp = new Date().toISOString();
  message.editCount++;
}

/** Store a message and tell the gateway (ephemeral messages are never dispatched, as on Discord). */
export function publish(state: EmulatorState, gateway: Dispatcher, message: MessageRecord): void {
  state.addMessage(message);
  if (message.flags & EPHEMERAL) return;
  const channel = state.channels.get(message.channelId);
  const intent = channel?.guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
  gateway.dispatch("MESSAGE_CREATE", messagePayload(state, message), intent);
}

/**
 * Whether `userId` may send in the channel, as Discord checks it: view access (private threads: membership or
 * Manage Threads), Send Messages or Send Messages in Threads, locked threads need Manage Threads, DMs need open DMs.
 */
export function assertCanSend(state: EmulatorState, channelId: string, userId: string): void {
  const channel = state.channels.get(channelId);
  if (!channel) throw new ApiError(404, 10003, "Unknown Channel");
  if (channel.type === ChannelType.DM) {
    const other = [...channel.members].find((id) => id !== userId);
    const recipient = other ? state.users.get(other) : undefined;
    if (recipient && !recipient.bot && !recipient.dmsOpen)
      throw new ApiError(403, 50007, "Cannot send messages to this user");
    return;
  }
  if (!state.canView(channelId, userId)) throw new ApiError(403, 50001, "Missing Access");
  const perms = state.permissionsIn(channelId, userId);
  if (isThread(channel.type)) {
    if (!(perms & PermissionFlagsBits.SendMessagesInThreads)) throw new ApiError(403, 50013, "Missing Permissions");
    if (channel.locked && !(perms & PermissionFlagsBits.ManageThreads))
      throw new ApiError(400, 50083, "Thread is locked");
    if (channel.archived) {
      // Sending unarchives an unlocked thread; a locked one stays closed.
      if (channel.locked) throw new ApiError(400, 50083, "Thread is archived");
      channel.archived = false;
      channel.lastActivityMs = state.now();
    }
  } else if (!(perms & PermissionFlagsBits.SendMessages)) {
    throw new ApiError(403, 50013, "Missing Permissions");
  }
}
