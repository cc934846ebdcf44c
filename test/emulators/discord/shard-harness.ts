import { createDiscordAdapter, type DiscordAdapter } from "../../../adapters/discord/index.ts";
import { registerCommands } from "../../../adapters/discord/register.ts";
import { startDiscordRestProxy } from "../../../adapters/discord/rest-proxy.ts";
import { commands } from "../../../commands/index.ts";
import { type Bot, createBot } from "../../../src/bot.ts";
import { defaultBotConfig } from "../../../src/config.ts";
import { createConsoleLogger, silentLogger } from "../../../src/logger.ts";
import type { HttpRoute } from "../../../src/ops/http.ts";
import { startOpsServer } from "../../../src/ops/http.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";
import type { DiscordDriver } from "./driver.ts";
import { type DiscordEmulatorOptions, startDiscordEmulator } from "./index.ts";

export interface ShardedHarnessOptions {
  /** Guilds and the shard each belongs to (`[shard_id, num_shards]`); the first is the emulator's default guild. */
  guilds: number;
  shardCount: number;
  /** Members per guild besides its organizer. */
  members: number;
  /** Interactions arrive over HTTP (the Interactions Endpoint URL) instead of the gateway. */
  httpInteractions?: boolean;
  emulator?: DiscordEmulatorOptions;
}

export interface HarnessGuild {
  guildId: string;
  channelId: string;
  driver: DiscordDriver;
  organizer: string;
  members: string[];
}

/**
 * One bot deployment of `shardCount` processes, modelled as one discord.js client per shard in this test process
 * (each with its own core, as separate processes have): all REST goes through one @discordjs/proxy, so the bot
 * has one rate-limit budget, and every client runs exactly one shard.
 */
export async function createShardedDiscordHarness(options: ShardedHarnessOptions) {
  const emu = await startDiscordEmulator(options.emulator ?? {});
  const logger = process.env.QM_DEBUG ? createConsoleLogger("debug") : silentLogger;
  const guilds: HarnessGuild[] = [];
  for (let g = 0; g < options.guilds; g++) {
    const setup =
      g === 0
        ? {
            guildId: emu.guildId,
            channelId: emu.channelId,
            organizerRoleId: emu.organizerRoleId,
            driver: emu.driver,
            addMember: emu.addMember,
          }
        : emu.addGuild(`Club ${g + 1}`, { shard: [g % options.shardCount, options.shardCount] });
    const organizer = setup.addMember({
      username: `org${g}`,
      displayName: `Organizer ${g}`,
      roleIds: [setup.organizerRoleId],
    });
    const members = Array.from({ length: options.members }, (_, i) =>
      setup.addMember({ username: `g${g}m${i}`, displayName: `Guild ${g} member ${i}` }),
    );
    guilds.push({ guildId: setup.guildId, channelId: setup.channelId, driver: setup.driver, organizer, members });
  }
  await registerCommands(
    { token: emu.token, appId: emu.applicationId, guildId: emu.guildId, apiUrl: emu.apiUrl },
    commands,
  );
  const proxy = await startDiscordRestProxy({ upstream: emu.apiUrl, port: 0, rateLimitOffsetMs: 10 });
  const clock = new ManualClock(Date.now());
  // One store for the deployment, as the processes share one PostgreSQL: an interaction reaching any replica over
  // HTTP and the gateway events of its guild on another see the same sessions.
  const store = createMemoryStore();
  const processes: Array<{
    shard: number;
    adapter: DiscordAdapter;
    bot: Bot;
    ops?: { url: string; close(): Promise<void> };
  }> = [];
  for (let shard = 0; shard < options.shardCount; shard++) {
    const adapter = createDiscordAdapter({
      logger,
      token: emu.token,
      appId: emu.applicationId,
      apiUrl: emu.apiUrl,
      restProxyUrl: proxy.url,
      rateLimitOffsetMs: 10,
      dmOpenIntervalMs: 20,
      shards: { ids: [shard], count: options.shardCount },
      ...(options.httpInteractions
        ? { interactionsEndpoint: { publicKey: emu.interactions.publicKey, path: "/discord/interactions" } }
        : {}),
    });
    const bot = createBot({ platforms: [adapter], commands, store, clock, logger, config: defaultBotConfig });
    await bot.start();
    const routes: HttpRoute[] = adapter.routes;
    const ops = routes.length > 0 ? await startOpsServer(routes, 0, "127.0.0.1") : undefined;
    processes.push({ shard, adapter, bot, ...(ops ? { ops } : {}) });
  }
  // Behind a load balancer any replica gets any interaction: the emulator posts to the first one's endpoint.
  if (options.httpInteractions) await emu.interactions.configure(`${processes[0]?.ops?.url}/discord/interactions`);

  const settle = async () => {
    for (const p of processes) {
      const received = () => {
        const s = p.adapter.client.ws.shards.first() as unknown as { sessionInfo?: { sequence: number } | null };
        return s?.sessionInfo?.sequence ?? 0;
      };
      for (
        let waited = 0;
        received() < emu.gateway.sequenceOf(p.shard, options.shardCount) && waited < 10_000;
        waited += 2
      )
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      for (const p of processes) {
        await p.adapter.settled();
        await p.bot.idle();
      }
    }
  };

  return {
    emu,
    proxy,
    guilds,
    processes,
    clock,
    settle,
    advance: (ms: number) => clock.advance(ms, settle),
    async stop() {
      for (const p of processes) {
        await p.bot.stop();
        await p.adapter.stop();
        await p.ops?.close();
      }
      await proxy.close();
      await emu.close();
    },
  };
}
