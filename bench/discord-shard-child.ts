/**
 * One quickmeet process of a sharded Discord bot, for the fan-out bench: the real adapter (discord.js running the
 * shard it is given) and the real core on a manual clock the parent moves over IPC. Not a product entry point.
 */
import { createDiscordAdapter } from "../adapters/discord/index.ts";
import { commands } from "../commands/index.ts";
import { createBot } from "../src/bot.ts";
import { defaultBotConfig } from "../src/config.ts";
import { createConsoleLogger, silentLogger } from "../src/logger.ts";
import { createMemoryStore } from "../src/store/memory.ts";
import { ManualClock } from "../test/fakes/manual-clock.ts";

export interface ChildStart {
  token: string;
  appId: string;
  apiUrl: string;
  restProxyUrl?: string;
  shard: number;
  shardCount: number;
}
export type ChildCommand =
  | ({ type: "start" } & ChildStart)
  | { type: "settle"; seq: number }
  | { type: "advance"; ms: number; seq: number }
  | { type: "stop" };

const send = (message: unknown) => process.send?.(message);
let ctx: { settle(seq: number): Promise<void>; clock: ManualClock; stop(): Promise<void> } | undefined;

async function start(s: ChildStart) {
  const adapter = createDiscordAdapter({
    token: s.token,
    appId: s.appId,
    apiUrl: s.apiUrl,
    ...(s.restProxyUrl ? { restProxyUrl: s.restProxyUrl } : {}),
    rateLimitOffsetMs: 10,
    dmOpenIntervalMs: 20,
    shards: { ids: [s.shard], count: s.shardCount },
    ...(process.env.QM_DEBUG ? { logger: createConsoleLogger("debug") } : {}),
  });
  const clock = new ManualClock(Date.now());
  const bot = createBot({
    platforms: [adapter],
    commands,
    store: createMemoryStore(),
    clock,
    logger: process.env.QM_DEBUG ? createConsoleLogger("debug") : silentLogger,
    config: defaultBotConfig,
  });
  await bot.start();
  const received = () => {
    const shard = adapter.client.ws.shards.first() as unknown as { sessionInfo?: { sequence: number } | null };
    return shard?.sessionInfo?.sequence ?? 0;
  };
  const settle = async (seq: number) => {
    for (let waited = 0; received() < seq && waited < 10_000; waited += 2)
      await new Promise((resolve) => setTimeout(resolve, 2));
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await adapter.settled();
      await bot.idle();
    }
  };
  ctx = {
    settle,
    clock,
    stop: async () => {
      await bot.stop();
      await adapter.stop();
    },
  };
}

process.on("message", (command: ChildCommand) => {
  const run = async () => {
    if (command.type === "start") await start(command);
    else if (command.type === "settle") await ctx?.settle(command.seq);
    else if (command.type === "advance")
      await ctx?.clock.advance(command.ms, () => ctx?.settle(command.seq) ?? Promise.resolve());
    else if (command.type === "stop") {
      await ctx?.stop();
      send({ done: command.type });
      process.exit(0);
    }
    send({ done: command.type });
  };
  run().catch((error: unknown) => send({ error: String(error) }));
});
