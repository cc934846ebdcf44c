import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import { ApiError } from "./http.ts";
import { type Json, messagePayload } from "./payloads.ts";
import { type AttachmentRecord, type EmulatorState, isThread, type MessageRecord } from "./state.ts";

/** What routes need to push gateway events; the Gateway implements it. */
export interface Dispatcher {
  dispatch(t: string, d: Json, intent?: number): void;
}

export const EPHEMERAL = 64;
export const LOADING = 128;

/** Build a message from a create/edit body (content, components, embeds, flags) with Discord's validation. */
export function messageFromBody(
  state: EmulatorState,
  channelId: string,
  authorId: string,
  body: Json,
  files: AttachmentRecord[],
  extra: Partial<MessageRecord> = {},
): MessageRecord {
  const content = typeof body.content === "string" ? body.content : "";
  const components = Array.isArray(body.components) ? body.components : [];
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (content.length > 2_000)
    throw new ApiError(400, 50035, "Invalid Form Body: content must be 2000 or fewer in length.");
  if (
    !content &&
    components.length === 0 &&
    embeds.length === 0 &&
    files.length === 0 &&
    !((extra.flags ?? 0) & LOADING)
  ) {
    throw new ApiError(400, 50006, "Cannot send an empty message");
  }
  const now = Date.now();
  return {
    id: state.ids.next(now),
    channelId,
    authorId,
    content,
    embeds,
    components,
    attachments: files,
    flags: typeof body.flags === "number" ? body.flags & EPHEMERAL : 0,
    visibleTo: null,
    timestamp: new Date(now).toISOString(),
    editedTimestamp: null,
    webhookId: null,
    mentions: [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] ?? ""),
    createdAtMs: now,
    editCount: 0,
    ...extra,
  };
}

/** Apply an edit body to a stored message (content/components/embeds present in the body replace the old ones). */
export function applyEdit(message: MessageRecord, body: Json, files: AttachmentRecord[]): void {
  if (typeof body.content === "string") {
    if (body.content.length > 2_000) throw new ApiError(400, 50035, "Invalid Form Body: content too long.");
    message.content = body.content;
    message.mentions = [...body.content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] ?? "");
  }
  if (Array.isArray(body.components)) message.components = body.components;
  if (Array.isArray(body.embeds)) message.embeds = body.embeds;
  if (Array.isArray(body.attachments) || files.length > 0) message.attachments = files;
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
    }
  } else if (!(perms & PermissionFlagsBits.SendMessages)) {
    throw new ApiError(403, 50013, "Missing Permissions");
  }
}
