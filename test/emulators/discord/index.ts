import type { AddressInfo } from "node:net";
import { DiscordDriver } from "./driver.ts";
import { Gateway, shardOf } from "./gateway.ts";
import { createApiServer, type RequestLogEntry } from "./http.ts";
import { InteractionsEndpoint } from "./interactions-endpoint.ts";
import {
  type BucketName,
  type BucketRule,
  DEFAULT_RATE_LIMITS,
  type RateLimitConfig,
  RateLimiter,
} from "./rate-limits.ts";
import { channelRoutes } from "./routes-channels.ts";
import { interactionRoutes } from "./routes-interactions.ts";
import { miscRoutes } from "./routes-misc.ts";
import { voiceRoutes } from "./routes-voice.ts";
import { addMember, createGuild, type GuildSetup, type NewMember } from "./setup.ts";
import { EmulatorState } from "./state.ts";

export type { MessageView, SimMember, ThreadView } from "./driver.ts";
export { DiscordDriver, InteractionHandle } from "./driver.ts";
export { shardOf } from "./gateway.ts";
export { InteractionsEndpoint } from "./interactions-endpoint.ts";
export { DEFAULT_BUCKETS, DEFAULT_RATE_LIMITS, lowerBoundMs } from "./rate-limits.ts";
export { BOT_ROLE_PERMISSIONS } from "./setup.ts";

export interface DiscordEmulatorOptions {
  token?: string;
  applicationId?: string;
  /** Global limit and per-route bucket sizes; unspecified buckets keep their defaults. */
  rateLimits?: { globalPerSecond?: number; buckets?: Partial<Record<BucketName, BucketRule>> };
  /** Acknowledgement window for interactions (Discord: 3000 ms). */
  ackDeadlineMs?: number;
  heartbeatIntervalMs?: number;
  /** Active threads allowed in the guild (160006 beyond). */
  activeThreadCap?: number;
  /** The bot role's permissions (default: exactly what the invite URL grants). */
  botPermissions?: bigint;
  /** Shard count `GET /gateway/bot` recommends (what discord.js uses for `shards: "auto"`). Default 1. */
  recommendedShards?: number;
}

/** A running emulator: URLs for discord.js, the state, the gateway controls and the driver. */
export interface DiscordEmulator extends GuildSetup {
  token: string;
  applicationId: string;
  botUserId: string;
  /** Pass as `rest.api` (discord.js appends `/v10`). */
  apiUrl: string;
  state: EmulatorState;
  gateway: Gateway;
  driver: DiscordDriver;
  limits: RateLimitConfig;
  requestLog: RequestLogEntry[];
  /** 401/403/429 responses (Discord bans an IP past 10,000 per 10 minutes). */
  invalidRequests(): number;
  addMember(member: NewMember): string;
  /** Another guild the bot is in (before the bot connects: guilds joined later send no GUILD_CREATE here). */
  addGuild(
    name: string,
    options?: { shard?: [number, number] },
  ): GuildSetup & { driver: DiscordDriver; addMember(member: NewMember): string };
  /** The app's Interactions Endpoint URL: its key pair, and `configure(url)` to switch interactions to HTTP. */
  interactions: InteractionsEndpoint;
  close(): Promise<void>;
}

/** Start the Discord API emulator on 127.0.0.1 on a random port. Test and bench use only. */
export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const token = options.token ?? "emulator-bot-token";
  const state = new EmulatorState(options.applicationId !== undefined ? { applicationId: options.applicationId } : {});
  const botId = state.botUser.id;
  const appId = state.applicationId;
  const setup = createGuild(state, {
    ...(options.botPermissions !== undefined ? { botPermissions: options.botPermissions } : {}),
    ...(options.activeThreadCap !== undefined ? { activeThreadCap: options.activeThreadCap } : {}),
  });
  const limits: RateLimitConfig = {
    globalPerSecond: options.rateLimits?.globalPerSecond ?? DEFAULT_RATE_LIMITS.globalPerSecond,
    buckets: { ...DEFAULT_RATE_LIMITS.buckets, ...options.rateLimits?.buckets },
  };
  const requestLog: RequestLogEntry[] = [];
  let invalid = 0;
  let gateway: Gateway | undefined;
  const dispatcher = {
    dispatch: (t: string, d: Record<string, unknown>, intent?: number) => gateway?.dispatch(t, d, intent),
  };
  const server = createApiServer({
    token,
    state,
    limiter: new RateLimiter(limits),
    log: requestLog,
    onInvalid: () => {
      invalid++;
    },
    routes: [
      ...interactionRoutes(state, dispatcher, {
        ackDeadlineMs: options.ackDeadlineMs ?? 3_000,
        tokenLifetimeMs: 15 * 60_000,
      }),
      ...channelRoutes(state, dispatcher),
      ...voiceRoutes(state, dispatcher),
      ...miscRoutes(state, () => gateway?.url ?? "", options.recommendedShards ?? 1),
    ],
  });
  gateway = new Gateway(server, state, token, options.heartbeatIntervalMs ?? 41_250);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  gateway.url = `ws://127.0.0.1:${port}/gateway`;
  const interactions = new InteractionsEndpoint();
  const driver = new DiscordDriver(state, gateway, setup.guildId, setup.channelId, requestLog, interactions);
  const gw = gateway;
  return {
    ...setup,
    token,
    applicationId: appId,
    botUserId: botId,
    apiUrl: `http://127.0.0.1:${port}/api`,
    state,
    gateway,
    driver,
    limits,
    requestLog,
    invalidRequests: () => invalid,
    addMember: (member) => addMember(state, setup.guildId, member),
    addGuild: (name, guildOptions = {}) => {
      // A guild id's shard is its creation time (the bits above 22) modulo the shard count: to land on a wanted
      // shard, the guild is "created" a few milliseconds earlier.
      let guildId = state.ids.next();
      for (
        let back = 1;
        guildOptions.shard && shardOf(guildId, guildOptions.shard[1]) !== guildOptions.shard[0];
        back++
      )
        guildId = state.ids.next(Date.now() - back);
      const more = createGuild(state, {
        name,
        guildId,
        ...(options.botPermissions !== undefined ? { botPermissions: options.botPermissions } : {}),
      });
      const guildDriver = new DiscordDriver(state, gw, more.guildId, more.channelId, requestLog, interactions);
      return { ...more, driver: guildDriver, addMember: (member) => addMember(state, more.guildId, member) };
    },
    interactions,
    close: async () => {
      gateway?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
