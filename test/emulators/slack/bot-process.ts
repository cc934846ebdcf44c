/**
 * The quickmeet bot (Slack adapter + core, memory store, system clock) in a child process, for benches that must not
 * share an event loop with the emulator: on Slack, the sender of 1,000 clicks is not the bot's own process.
 * Configured by env (SLACK_* as in production); talks to the parent over IPC:
 *   → { type: "ready", endpointUrl }      once the adapter listens / is connected
 *   ← { type: "participants", teamId, channelId } → { type: "participants", count }
 *   ← { type: "stop" }                     → { type: "stopped" }, then exits
 */

import { createSlackAdapter } from "../../../adapters/slack/index.ts";
import { commands } from "../../../commands/index.ts";
import { createBot } from "../../../src/bot.ts";
import { systemClock } from "../../../src/clock.ts";
import { defaultBotConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/logger.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";
import { PACER_RATES } from "./rate-limits.ts";

type Request = { type: "participants"; teamId: string; channelId: string } | { type: "stop" };

const env = process.env;
const mode = env.SLACK_MODE === "socket" ? "socket" : "http";
const adapter = createSlackAdapter({
  mode,
  botToken: env.SLACK_BOT_TOKEN ?? "",
  ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
  ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
  ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
  port: 0,
  host: "127.0.0.1",
  pacing: { rates: PACER_RATES },
  ...(env.QUICKMEET_SLACK_CONCURRENCY ? { concurrency: Number(env.QUICKMEET_SLACK_CONCURRENCY) } : {}),
});
const bot = createBot({
  commands,
  platforms: [adapter],
  store: createMemoryStore(),
  clock: systemClock,
  logger: silentLogger,
  config: defaultBotConfig,
});
await bot.start();
process.send?.({ type: "ready", endpointUrl: adapter.endpointUrl ?? null });

process.on("message", async (raw) => {
  const request = raw as Request;
  if (request.type === "participants") {
    await adapter.settled();
    await bot.idle();
    const id = await bot.engine.sessions.channelSessionId("slack", request.teamId, request.channelId);
    const session = id ? await bot.engine.sessions.get(id) : undefined;
    process.send?.({ type: "participants", count: session?.participants.length ?? 0 });
  } else if (request.type === "stop") {
    await bot.stop();
    await adapter.stop();
    process.send?.({ type: "stopped" }, () => process.exit(0));
  }
});
