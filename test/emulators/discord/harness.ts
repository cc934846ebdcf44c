import { createDiscordAdapter, type DiscordAdapter } from "../../../adapters/discord/index.ts";
import { registerCommands } from "../../../adapters/discord/register.ts";
import { commands } from "../../../commands/index.ts";
import { type Bot, createBot } from "../../../src/bot.ts";
import { defaultBotConfig } from "../../../src/config.ts";
import { createConsoleLogger, type Logger, silentLogger } from "../../../src/logger.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";
import { type DiscordEmulatorOptions, startDiscordEmulator } from "./index.ts";

export interface DiscordHarnessOptions {
  /** Members besides the organizer. Default 7. */
  members?: number;
  emulator?: DiscordEmulatorOptions;
  ackBudgetMs?: number;
  /** Least time between two new DM channels (the adapter paces them; default here 20 ms to keep tests quick). */
  dmOpenIntervalMs?: number;
  /** The adapter's and the core's logger (default silent, or the console with QM_DEBUG=1). */
  logger?: Logger;
  /** The event-loop lag the adapter sees (default: measured). */
  eventLoopLagMs?: () => number;
}

/**
 * The real discord.js client (through the quickmeet Discord adapter) against the emulator, with the real core on a
 * manual clock: tests move the core's time by hand; every REST call and gateway event crosses 127.0.0.1.
 */
export async function createDiscordHarness(options: DiscordHarnessOptions = {}) {
  const emu = await startDiscordEmulator(options.emulator ?? {});
  const organizer = emu.addMember({
    username: "olive",
    displayName: "Olive Organizer",
    roleIds: [emu.organizerRoleId],
  });
  const members = Array.from({ length: options.members ?? 7 }, (_, i) =>
    emu.addMember({ username: `m${i + 1}`, displayName: `Member ${i + 1}` }),
  );
  await registerCommands(
    { token: emu.token, appId: emu.applicationId, guildId: emu.guildId, apiUrl: emu.apiUrl },
    commands,
  );
  // QM_DEBUG=1 prints the adapter's and the core's logs when a test needs explaining.
  const logger = options.logger ?? (process.env.QM_DEBUG ? createConsoleLogger("debug") : silentLogger);
  const adapter: DiscordAdapter = createDiscordAdapter({
    logger,
    token: emu.token,
    appId: emu.applicationId,
    guildId: emu.guildId,
    apiUrl: emu.apiUrl,
    // The emulator answers on loopback with exact Reset-After values: discord.js's 50 ms safety margin (meant for
    // the real Discord's latency and clock skew) would only slow the suite and the fan-out benchmark.
    rateLimitOffsetMs: 10,
    dmOpenIntervalMs: options.dmOpenIntervalMs ?? 20,
    ...(options.eventLoopLagMs ? { eventLoopLagMs: options.eventLoopLagMs } : {}),
    ...(options.ackBudgetMs !== undefined ? { ackBudgetMs: options.ackBudgetMs } : {}),
  });
  const clock = new ManualClock(Date.now());
  const store = createMemoryStore();
  const bot: Bot = createBot({ platforms: [adapter], commands, store, clock, logger, config: defaultBotConfig });
  await bot.start();

  /** Wait until discord.js has received every dispatched event and both the adapter and the core are idle. */
  const settle = async () => {
    const client = adapter.client;
    const received = () => {
      const shard = client.ws.shards.first() as unknown as { sessionInfo?: { sequence: number } | null } | undefined;
      return shard?.sessionInfo?.sequence ?? 0;
    };
    // Events cross a real socket: poll until discord.js has seen the last one (bounded, never a timed assertion).
    for (let waited = 0; received() < emu.gateway.sequence() && waited < 10_000; waited += 2) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await adapter.settled();
      await bot.idle();
    }
  };

  return {
    emu,
    driver: emu.driver,
    adapter,
    bot,
    clock,
    store,
    organizer,
    members,
    channelId: emu.channelId,
    settle,
    /** Move the core's clock, letting every Discord call the timers cause finish in between. */
    advance: (ms: number) => clock.advance(ms, settle),
    async stop() {
      await bot.stop();
      await adapter.stop();
      await emu.close();
    },
  };
}

export type DiscordHarness = Awaited<ReturnType<typeof createDiscordHarness>>;
