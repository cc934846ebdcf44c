import {
  ChannelType,
  Client,
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  type Interaction,
  Options,
  type PermissionsBitField,
  RESTEvents,
} from "discord.js";
import { type Logger, silentLogger } from "../../src/logger.ts";
import { type Metrics, noMetrics } from "../../src/metrics.ts";
import type { HttpRoute } from "../../src/ops/http.ts";
import type { PlatformAdapter } from "../../src/platform/adapter.ts";
import type { BotInbound } from "../../src/platform/inbound.ts";
import type { ChannelRef, ReadinessProblem } from "../../src/platform/port.ts";
import { EventLoopLag } from "../shared/event-loop-lag.ts";
import { discordPublicKey, interactionsRoute } from "./http-interactions.ts";
import { InteractionRouter } from "./inbound.ts";
import { MemberDirectory } from "./members.ts";
import { DISCORD_MAX_SPACE_MEMBERS, DiscordOutbound } from "./outbound.ts";
import { PLATFORM_ID } from "./platform-id.ts";
import { readinessProblems } from "./readiness.ts";
import { MODAL_LIMITS } from "./render.ts";
import { viaProxy } from "./rest-proxy.ts";
import { DiscordVoiceRooms } from "./voice.ts";

export { buildSlashCommand } from "./commands.ts";
export { INVITE_PERMISSIONS, INVITE_SCOPES, inviteUrl } from "./invite.ts";

export interface DiscordAdapterOptions {
  token: string;
  appId: string;
  /** Development guild (commands are registered there by scripts/discord-register.ts). */
  guildId?: string;
  /** REST base URL; discord.js appends `/v10` and learns the gateway URL from `GET /gateway/bot`. */
  apiUrl?: string;
  /**
   * The shared REST proxy (`npm run discord:proxy`) every process of the bot sends REST through, so Discord's global
   * and per-route limits are counted once for all of them; interaction responses still go straight to `apiUrl`.
   */
  restProxyUrl?: string;
  logger?: Logger;
  /** How long an interaction waits for the core before deferring (default 1000 ms; Discord allows 3000). */
  ackBudgetMs?: number;
  /**
   * Extra wait discord.js adds to each bucket reset. Default: discord.js's own (50 ms), which covers the clock skew
   * and latency of the real Discord. Tests against the loopback emulator, whose Reset-After is exact, may lower it.
   */
  rateLimitOffsetMs?: number;
  /** Least time between two new DM channels (default 500 ms; see DiscordOutbound). */
  dmOpenIntervalMs?: number;
  /** Acknowledgement latency, 429s and retries. */
  metrics?: Metrics;
  /** Where the event-loop lag is read (ms); default a timer-based monitor. Tests force a busy machine with it. */
  eventLoopLagMs?: () => number;
  /**
   * The gateway shards this process runs (discord.js's own sharding): ids plus the total count, or "auto" for every
   * shard Discord recommends. Discord sends a server's events only to the shard `(guild_id >> 22) % count`, so the
   * process holding that shard handles them; jobs need only REST and run anywhere. Default: one shard, [0] of 1.
   */
  shards?: { ids: readonly number[]; count: number } | "auto";
  /**
   * Interactions Endpoint URL (optional): with the application's public key, `routes` holds a POST route at `path`
   * that verifies Discord's Ed25519 signature and feeds commands, clicks and modals into the same router as the
   * gateway. The gateway still runs for message counting and members leaving.
   */
  interactionsEndpoint?: { publicKey: string; path: string };
}

/** Interaction callbacks, whose response is the acknowledgement; the path also holds the token, never logged. */
const CALLBACK_PATH = /^\/interactions\/(\d+)\/[^/]+\/callback/;
/** Bound on interactions awaiting their acknowledgement (one never answered must not grow the map forever). */
const MAX_UNACKED = 10_000;

/**
 * Gateway intents, each for one reason:
 * - Guilds: guild, channel, role and thread cache (permission checks, THREAD_CREATE for private threads).
 * - GuildMessages: MESSAGE_CREATE in round threads, counted (never stored) for stats. Message Content is NOT
 *   requested: counting needs the author and channel only, and content arrives empty without it.
 * - GuildMembers (privileged): GUILD_MEMBER_REMOVE, so a member who leaves mid-round is taken out and their partner
 *   re-paired; also the member list behind the channel head-count, and GUILD_MEMBER_UPDATE, which keeps members'
 *   roles current for organizer-chosen interest roles.
 * - GuildVoiceStates: who sits in which voice channel (VOICE_STATE_UPDATE), for voice rounds: the organizer's lobby,
 *   who can be moved into a room, time spent together in a room, and a member leaving their room mid-round.
 */
export const DISCORD_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildVoiceStates,
] as const;

const APP_PERMISSIONS_TTL_MS = 60_000;

/** The Discord adapter, plus what tests and scripts need: the discord.js client and a way to wait for handlers. */
export interface DiscordAdapter extends PlatformAdapter {
  readonly client: Client;
  /** HTTP routes to serve (the interactions endpoint when configured), on the operations or Slack port. */
  readonly routes: HttpRoute[];
  /** Resolves when every gateway event received so far has been handled (interactions answered, counts recorded). */
  settled(): Promise<void>;
}

/** quickmeet on Discord, through discord.js 14. */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const logger = options.logger ?? silentLogger;
  const client = new Client({
    intents: [...DISCORD_INTENTS],
    rest: {
      ...(options.restProxyUrl
        ? {
            api: options.restProxyUrl,
            makeRequest: viaProxy(options.restProxyUrl, options.apiUrl ?? "https://discord.com/api"),
          }
        : { api: options.apiUrl ?? "https://discord.com/api" }),
      ...(options.rateLimitOffsetMs !== undefined ? { offset: options.rateLimitOffsetMs } : {}),
    },
    allowedMentions: { parse: ["users"] },
    ...(options.shards === "auto"
      ? { shards: "auto" as const }
      : options.shards
        ? { shards: [...options.shards.ids], shardCount: options.shards.count }
        : {}),
    // The adapter never reads cached messages (it edits by id through REST): caching every clicked lobby message
    // would only cost memory and CPU under a burst of clicks.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
  });
  const metrics = options.metrics ?? noMetrics;
  const lag = new EventLoopLag();
  /** Interaction id → when it reached this process; read when Discord answers its callback. */
  const receivedAt = new Map<string, number>();
  /** Interaction id → resolves when its first callback succeeded (HTTP interactions close their POST then). */
  const ackWaiters = new Map<string, () => void>();
  client.rest.on(RESTEvents.Response, (request, response) => {
    // discord.js waits and retries a 429 (and a 5xx) by itself; these count what it had to absorb.
    if (response.status === 429) metrics.rateLimited(PLATFORM_ID);
    if (response.status === 429 || response.status >= 500) metrics.retried(PLATFORM_ID);
    const id = CALLBACK_PATH.exec(request.path)?.[1];
    const at = id === undefined ? undefined : receivedAt.get(id);
    if (id !== undefined && at !== undefined && response.status < 300) {
      receivedAt.delete(id);
      metrics.ack(PLATFORM_ID, performance.now() - at);
    }
    if (id !== undefined && response.status < 300) {
      ackWaiters.get(id)?.();
      ackWaiters.delete(id);
    }
  });
  const outbound = new DiscordOutbound(client, logger, options.dmOpenIntervalMs);
  const members = new MemberDirectory(client);
  const voice = new DiscordVoiceRooms(client, logger);
  /** Discord's own `app_permissions` from the latest interaction per channel: readiness fallback for uncached channels. */
  const appPermissions = new Map<string, { at: number; perms: PermissionsBitField }>();
  /**
   * Discord's own permissions of the member who interacted, in that channel (overwrites included): lets a process
   * that does not hold the guild's shard (an HTTP interaction reached it) answer "can they see it" without a cache.
   */
  const memberPermissions = new Map<string, { at: number; perms: PermissionsBitField }>();
  let router: InteractionRouter | undefined;
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>, what: string) => {
    const p = work
      .catch((error: unknown) => logger.error(`${what} failed`, { error }))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  const isSpace = (channelId: string): boolean => {
    if (outbound.spaces.has(channelId) || voice.isRoom(channelId)) return true;
    const channel = client.channels.cache.get(channelId);
    return channel?.type === ChannelType.PrivateThread;
  };

  const onInteraction = (interaction: Interaction) => {
    if (receivedAt.size >= MAX_UNACKED) receivedAt.clear();
    receivedAt.set(interaction.id, performance.now());
    if (router) track(router.handle(interaction), "interaction");
  };

  const routes: HttpRoute[] = [];
  if (options.interactionsEndpoint) {
    const publicKey = discordPublicKey(options.interactionsEndpoint.publicKey);
    routes.push(
      interactionsRoute({
        path: options.interactionsEndpoint.path,
        publicKey,
        logger,
        handle: (payload) => {
          const id = String(payload.id);
          // Resolved by the callback's response, or given up after Discord's window (never answered: no leak).
          const acked = new Promise<void>((resolve) => {
            ackWaiters.set(id, resolve);
            setTimeout(resolve, 3_500).unref();
          });
          // discord.js's own INTERACTION_CREATE handling builds the same Interaction objects as for the gateway and
          // emits Events.InteractionCreate, which the router below handles.
          (
            client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }
          ).actions.InteractionCreate.handle(payload);
          return acked.finally(() => ackWaiters.delete(id));
        },
      }),
    );
  }

  return {
    id: PLATFORM_ID,
    routes,
    // Private threads have no documented member cap that matters for conversation groups; openGroupSpace enforces this.
    maxSpaceMembers: DISCORD_MAX_SPACE_MEMBERS,
    maxFormFields: MODAL_LIMITS.components,
    client,

    async start(bot: BotInbound): Promise<void> {
      router = new InteractionRouter(
        bot,
        members,
        logger,
        options.ackBudgetMs ?? 1_000,
        outbound.dmCommunity,
        (channelId, i) => {
          if (i.appPermissions) appPermissions.set(channelId, { at: Date.now(), perms: i.appPermissions });
          if (i.memberPermissions) {
            if (memberPermissions.size >= MAX_UNACKED) memberPermissions.clear();
            memberPermissions.set(`${channelId}:${i.user.id}`, { at: Date.now(), perms: i.memberPermissions });
          }
        },
        options.eventLoopLagMs ?? (() => lag.ms),
      );
      if (!options.eventLoopLagMs) lag.start();
      client.on(Events.InteractionCreate, onInteraction);
      // Raw dispatches: neither needs the channel or member to be cached, so nothing is missed after a restart.
      client.ws.on(
        GatewayDispatchEvents.MessageCreate,
        (d: { guild_id?: string; channel_id: string; author: { id: string; bot?: boolean }; webhook_id?: string }) => {
          if (!d.guild_id || d.author.bot || d.webhook_id || !isSpace(d.channel_id)) return;
          track(
            bot.recordSpaceMessage(PLATFORM_ID, d.guild_id, d.channel_id, d.author.id),
            "counting a thread message",
          );
        },
      );
      client.ws.on(GatewayDispatchEvents.GuildMemberRemove, (d: { guild_id: string; user: { id: string } }) => {
        members.forget(d.guild_id, d.user.id);
        track(bot.memberLeftCommunity(PLATFORM_ID, d.guild_id, d.user.id), "member-left handling");
      });
      // Only changes that touch a voice room matter (time together, leaving mid-round); the rest are not reported.
      client.on(Events.VoiceStateUpdate, (before, after) => {
        if (after.member?.user.bot) return;
        const room = (id: string | null) => (id && voice.isRoom(id) ? id : null);
        const from = room(before.channelId);
        const to = room(after.channelId);
        if (from === to) return;
        track(bot.voiceMoved("discord", after.guild.id, after.id, from, to), "voice state handling");
      });
      client.on(Events.ShardResume, (shard, replayed) => logger.info("discord gateway resumed", { shard, replayed }));
      client.on(Events.Error, (error) => logger.error("discord client error", { error }));
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token);
      await ready;
      logger.info("discord connected", { user: client.user?.tag, guilds: client.guilds.cache.size });
    },

    async settled(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },

    notReadyReason: () => (client.isReady() ? null : "gateway not connected"),

    async stop(): Promise<void> {
      lag.stop();
      client.off(Events.InteractionCreate, onInteraction);
      await client.destroy();
    },

    async checkSessionReadiness(channel: ChannelRef): Promise<ReadinessProblem[]> {
      const fromInteraction = appPermissions.get(channel.channelId);
      const fresh =
        fromInteraction && Date.now() - fromInteraction.at < APP_PERMISSIONS_TTL_MS ? fromInteraction.perms : undefined;
      return readinessProblems(client, channel, fresh);
    },
    postInChannel: (channel, message) => outbound.postInChannel(channel, message),
    updateMessage: (ref, message) => outbound.updateMessage(ref, message),
    openGroupSpace: (request) => outbound.openGroupSpace(request),
    postInSpace: (space, message, once) => outbound.postInSpace(space, message, once),
    async removeFromSpace(space, userId) {
      if (!voice.isRoom(space.spaceId)) return outbound.removeFromSpace(space, userId);
      // A voice room's member overwrite can only be removed with Manage Roles, which the bot does not ask for: the
      // member is disconnected from the room, and the core tells the others they could come back.
      await voice.disconnect(space, userId);
      return false;
    },
    closeSpace: (space) => outbound.closeSpace(space),
    sendPrivate: (communityId, userId, message) => outbound.sendPrivate(communityId, userId, message),
    countChannelMembers: (channel) => members.countChannelMembers(channel.communityId, channel.channelId),
    displayName: (communityId, userId) => members.displayName(communityId, userId),
    canSeeChannel: async (channel, userId) => {
      if (!client.guilds.cache.has(channel.communityId)) {
        const known = memberPermissions.get(`${channel.channelId}:${userId}`);
        if (known && Date.now() - known.at < APP_PERMISSIONS_TTL_MS) return known.perms.has("ViewChannel");
      }
      return members.canSee(channel.communityId, channel.channelId, userId);
    },
    memberSignals: (communityId, chosen, userIds) => members.memberSignals(communityId, chosen, userIds),
    voiceRooms: voice,
  };
}
