import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import { ApiError, type Route } from "./http.ts";
import {
  applyEdit,
  assertCanSend,
  type Dispatcher,
  enforcedNonceMessage,
  messageFromBody,
  publish,
  rememberNonce,
} from "./messages.ts";
import { channelPayload, messagePayload } from "./payloads.ts";
import { type EmulatorState, isThread } from "./state.ts";
import { validateThreadCreate } from "./validate.ts";

const byChannel = (p: Record<string, string>) => p.channel ?? "";

/** Channels, messages, threads, thread members and DMs: the routes a round uses. */
export function channelRoutes(state: EmulatorState, gateway: Dispatcher): Route[] {
  const bot = state.botUser.id;
  const channelOr404 = (id: string) => {
    const channel = state.channels.get(id);
    if (!channel || !state.canView(id, bot)) throw new ApiError(404, 10003, "Unknown Channel");
    return channel;
  };
  /** A guild thread that is not archived: thread-member changes need one (50024, 50083 otherwise). */
  const openThreadOr400 = (id: string) => {
    const thread = channelOr404(id);
    if (!isThread(thread.type) || !thread.guildId)
      throw new ApiError(400, 50024, "Cannot execute action on this channel type");
    if (thread.archived) throw new ApiError(400, 50083, "Thread is archived");
    return thread as typeof thread & { guildId: string };
  };
  return [
    {
      method: "GET",
      pattern: "/channels/:channel",
      bucket: "default",
      major: byChannel,
      handle: ({ params }) => ({ status: 200, body: channelPayload(state, channelOr404(params.channel ?? ""), bot) }),
    },
    {
      method: "POST",
      pattern: "/channels/:channel/messages",
      bucket: "message-create",
      major: byChannel,
      handle: ({ params, body, files }) => {
        const channelId = params.channel ?? "";
        assertCanSend(state, channelId, bot);
        // A retried create with an enforced nonce gets the first message back; nothing new is posted or dispatched.
        const earlier = enforcedNonceMessage(state, bot, body);
        if (earlier) return { status: 200, body: messagePayload(state, earlier) };
        const message = messageFromBody(state, channelId, bot, body, files);
        publish(state, gateway, message);
        rememberNonce(state, message, body);
        return { status: 200, body: messagePayload(state, message) };
      },
    },
    {
      method: "PATCH",
      pattern: "/channels/:channel/messages/:message",
      bucket: "message-edit",
      major: byChannel,
      handle: ({ params, body, files }) => {
        const message = state.messages.get(params.message ?? "");
        if (!message || message.channelId !== params.channel) throw new ApiError(404, 10008, "Unknown Message");
        if (message.authorId !== bot) throw new ApiError(403, 50005, "Cannot edit a message authored by another user");
        applyEdit(state, message, body, files);
        state.changed("message-edit");
        gateway.dispatch("MESSAGE_UPDATE", messagePayload(state, message), GatewayIntentBits.GuildMessages);
        return { status: 200, body: messagePayload(state, message) };
      },
    },
    {
      method: "POST",
      pattern: "/channels/:channel/threads",
      bucket: "thread-create",
      major: byChannel,
      handle: ({ params, body }) => {
        const parent = channelOr404(params.channel ?? "");
        if (parent.type !== ChannelType.GuildText || !parent.guildId) {
          throw new ApiError(400, 50024, "Cannot execute action on this channel type");
        }
        const type = body.type === ChannelType.PublicThread ? ChannelType.PublicThread : ChannelType.PrivateThread;
        const needed =
          type === ChannelType.PrivateThread
            ? PermissionFlagsBits.CreatePrivateThreads
            : PermissionFlagsBits.CreatePublicThreads;
        if (!(state.permissionsIn(parent.id, bot) & needed)) throw new ApiError(403, 50013, "Missing Permissions");
        validateThreadCreate(body);
        const name = String(body.name);
        const guild = state.guild(parent.guildId);
        if (guild && state.activeThreadCount(guild.id) >= guild.activeThreadCap) {
          throw new ApiError(400, 160006, "Maximum number of active threads reached");
        }
        const thread = state.newChannel({
          type,
          name,
          guildId: parent.guildId,
          parentId: parent.id,
          ownerId: bot,
          invitable: body.invitable !== false,
          autoArchiveDuration: typeof body.auto_archive_duration === "number" ? body.auto_archive_duration : 4320,
          members: new Set([bot]),
        });
        gateway.dispatch(
          "THREAD_CREATE",
          { ...channelPayload(state, thread, bot), newly_created: true },
          GatewayIntentBits.Guilds,
        );
        return { status: 201, body: channelPayload(state, thread, bot) };
      },
    },
    {
      // List Active Guild Threads: every non-archived thread of the guild the bot can see, newest (highest id) first,
      // with the bot's own thread-member object for the threads it has joined.
      method: "GET",
      pattern: "/guilds/:guild/threads/active",
      bucket: "default",
      major: (p) => p.guild ?? "",
      handle: ({ params }) => {
        const guildId = params.guild ?? "";
        if (!state.guild(guildId)?.members.has(bot)) throw new ApiError(404, 10004, "Unknown Guild");
        const threads = [...state.channels.values()]
          .filter((c) => c.guildId === guildId && isThread(c.type) && !c.archived && state.canView(c.id, bot))
          .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
        return {
          status: 200,
          body: {
            threads: threads.map((t) => channelPayload(state, t, bot)),
            members: threads
              .filter((t) => t.members.has(bot))
              .map((t) => ({ id: t.id, user_id: bot, join_timestamp: t.archiveTimestamp, flags: 0 })),
          },
        };
      },
    },
    {
      method: "PUT",
      pattern: "/channels/:channel/thread-members/:user",
      bucket: "thread-member",
      major: byChannel,
      handle: ({ params }) => {
        const thread = openThreadOr400(params.channel ?? "");
        if (!(state.permissionsIn(thread.id, bot) & PermissionFlagsBits.SendMessagesInThreads)) {
          throw new ApiError(403, 50013, "Missing Permissions");
        }
        const userId = params.user ?? "";
        if (!state.guild(thread.guildId)?.members.has(userId)) throw new ApiError(404, 10007, "Unknown Member");
        thread.members.add(userId);
        state.changed("thread-member");
        gateway.dispatch(
          "THREAD_MEMBERS_UPDATE",
          {
            id: thread.id,
            guild_id: thread.guildId,
            member_count: Math.min(thread.members.size, 50),
            added_members: [{ id: thread.id, user_id: userId, join_timestamp: new Date().toISOString(), flags: 0 }],
          },
          GatewayIntentBits.GuildMembers,
        );
        return { status: 204 };
      },
    },
    {
      // Removing another member: Manage Threads, or being the creator of a private thread (Discord's docs).
      method: "DELETE",
      pattern: "/channels/:channel/thread-members/:user",
      bucket: "thread-member",
      major: byChannel,
      handle: ({ params }) => {
        const thread = openThreadOr400(params.channel ?? "");
        const creator = thread.ownerId === bot;
        if (!creator && !(state.permissionsIn(thread.id, bot) & PermissionFlagsBits.ManageThreads))
          throw new ApiError(403, 50013, "Missing Permissions");
        const userId = params.user ?? "";
        if (!thread.members.has(userId)) throw new ApiError(404, 10007, "Unknown Member");
        thread.members.delete(userId);
        state.changed("thread-member");
        gateway.dispatch(
          "THREAD_MEMBERS_UPDATE",
          {
            id: thread.id,
            guild_id: thread.guildId,
            member_count: Math.min(thread.members.size, 50),
            removed_member_ids: [userId],
          },
          GatewayIntentBits.GuildMembers,
        );
        return { status: 204 };
      },
    },
    {
      method: "GET",
      pattern: "/channels/:channel/thread-members",
      bucket: "default",
      major: byChannel,
      handle: ({ params }) => {
        const thread = channelOr404(params.channel ?? "");
        return {
          status: 200,
          body: [...thread.members].map((userId) => ({
            id: thread.id,
            user_id: userId,
            join_timestamp: thread.archiveTimestamp,
            flags: 0,
          })),
        };
      },
    },
    {
      method: "PATCH",
      pattern: "/channels/:channel",
      bucket: "channel-edit",
      major: byChannel,
      handle: ({ params, body }) => {
        const channel = channelOr404(params.channel ?? "");
        if (!isThread(channel.type)) throw new ApiError(400, 50024, "Only thread edits are emulated");
        const perms = state.permissionsIn(channel.id, bot);
        const manage = (perms & PermissionFlagsBits.ManageThreads) !== 0n;
        if (typeof body.locked === "boolean" && !manage) throw new ApiError(403, 50013, "Missing Permissions");
        if (typeof body.archived === "boolean" && !manage && channel.ownerId !== bot) {
          throw new ApiError(403, 50013, "Missing Permissions");
        }
        // Discord: editing an archived thread needs `archived: false` in the same request (50083 otherwise).
        if (channel.archived && body.archived !== false) throw new ApiError(400, 50083, "Thread is archived");
        if (typeof body.locked === "boolean") channel.locked = body.locked;
        if (typeof body.archived === "boolean") {
          channel.archived = body.archived;
          channel.archiveTimestamp = new Date(state.now()).toISOString();
          channel.lastActivityMs = state.now();
        }
        if (typeof body.name === "string") channel.name = body.name;
        state.changed("thread-update");
        gateway.dispatch("THREAD_UPDATE", channelPayload(state, channel, bot), GatewayIntentBits.Guilds);
        return { status: 200, body: channelPayload(state, channel, bot) };
      },
    },
    {
      method: "POST",
      pattern: "/users/@me/channels",
      bucket: "dm-open",
      major: () => "",
      handle: ({ body }) => {
        const recipientId = String(body.recipient_id ?? "");
        if (!state.users.has(recipientId)) throw new ApiError(404, 10013, "Unknown User");
        let channelId = state.dmChannels.get(recipientId);
        if (!channelId) {
          channelId = state.newChannel({ type: ChannelType.DM, name: "", members: new Set([bot, recipientId]) }).id;
          state.dmChannels.set(recipientId, channelId);
        }
        const channel = state.channels.get(channelId);
        return { status: 200, body: channel ? channelPayload(state, channel) : null };
      },
    },
  ];
}
