import { createDiscordAdapter } from "../adapters/discord/index.ts";
import { registerCommands } from "../adapters/discord/register.ts";
import { commands } from "../commands/index.ts";
import { createBot } from "../src/bot.ts";
import { defaultBotConfig } from "../src/config.ts";
import { silentLogger } from "../src/logger.ts";
import { createMemoryStore } from "../src/store/memory.ts";
import { startRemoteDiscordEmulator } from "../test/emulators/discord/remote.ts";
import { ManualClock } from "../test/fakes/manual-clock.ts";
import { withBusyCore } from "./busy-core.ts";
import type { BenchFn, BenchRow } from "./types.ts";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * 1,000 Join clicks spread over one second, delivered over the gateway to the real discord.js client and the real
 * core: every click must be acknowledged inside Discord's 3 s window (the emulator refuses later callbacks with
 * 10062) and persisted. The emulator runs in a worker thread, as Discord is not in the bot's process.
 */
const run: BenchFn = async ({ quick }) => {
  const clicks = quick ? 300 : 1000;
  // The shipped policy (answer inside the acknowledgement when the core is quick and the event loop on time), then
  // "defer at once" for contrast, then the shipped policy with another process keeping one core busy.
  return [
    await burst(clicks, 1_000, false),
    await burst(clicks, 0, false),
    await withBusyCore(() => burst(clicks, 1_000, true)),
  ];
};

async function burst(clicks: number, ackBudgetMs: number, busyCore: boolean): Promise<BenchRow> {
  const emu = await startRemoteDiscordEmulator(clicks);
  const adapter = createDiscordAdapter({
    token: emu.token,
    appId: emu.applicationId,
    guildId: emu.guildId,
    apiUrl: emu.apiUrl,
    ackBudgetMs,
  });
  const bot = createBot({
    commands,
    platforms: [adapter],
    store: createMemoryStore(),
    clock: new ManualClock(Date.now()),
    logger: silentLogger,
    config: defaultBotConfig,
  });
  try {
    await registerCommands(
      { token: emu.token, appId: emu.applicationId, guildId: emu.guildId, apiUrl: emu.apiUrl },
      commands,
    );
    await bot.start();
    await emu.call({
      op: "command",
      userId: emu.organizer,
      sub: "start",
      options: { rounds: 1, minutes: 5, lobby_minutes: 5 },
    });
    const lobby = await emu.call<{ messageId: string; joinId: string }>({ op: "lobby" });
    const burst = await emu.call<{ dispatchMs: number; acks: Array<number | null> }>({
      op: "burst",
      messageId: lobby.messageId,
      customId: lobby.joinId,
      userIds: emu.members,
      windowMs: 1_000,
    });
    await adapter.settled();
    await bot.idle();
    const stats = await emu.call<{ requests: number; late10062: number; limited: number }>({ op: "stats" });
    const acks = burst.acks.map((a) => a ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
    const session = await bot.engine.sessions.get(lobby.joinId.split(":")[2] ?? "");
    return {
      bench: "discord-burst",
      ackBudgetMs,
      busyCore,
      clicks,
      dispatchMs: burst.dispatchMs,
      acked: acks.filter(Number.isFinite).length,
      within3s: acks.filter((a) => a <= 3_000).length,
      p50AckMs: percentile(acks, 50),
      p99AckMs: percentile(acks, 99),
      maxAckMs: acks.at(-1) ?? 0,
      persisted: session?.participants.length ?? 0,
      late10062: stats.late10062,
      requests: stats.requests,
      share429: Number((stats.limited / Math.max(1, stats.requests)).toFixed(4)),
    };
  } finally {
    await bot.stop();
    await adapter.stop();
    await emu.close();
  }
}

export default run;
