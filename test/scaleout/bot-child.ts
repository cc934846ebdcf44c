/**
 * One bot process of a scale-out run, composed as app/main.ts composes it for STORE_URL=postgres: the Slack adapter
 * in HTTP mode (its own port, as behind a load balancer), the PostgreSQL store, pg-boss deadlines, pacing on slots
 * shared through the store, attempts of live peers respected. Differences from production: time may run faster
 * (QM_CLOCK_SCALE from QM_CLOCK_ORIGIN, so minutes of Quick Meet pass in seconds; pg-boss converts back to wall
 * time) and the pacer paces to the emulator's buckets at QM_RATE_SCALE. IPC: → { type: "ready", endpointUrl }.
 */
import { createSlackAdapter, slotsInStore } from "../../adapters/slack/index.ts";
import { commands } from "../../commands/index.ts";
import { createBot } from "../../src/bot.ts";
import { systemClock } from "../../src/clock.ts";
import { defaultBotConfig } from "../../src/config.ts";
import { pgBossScheduler } from "../../src/jobs/pg-boss.ts";
import { createConsoleLogger } from "../../src/logger.ts";
import { createStore } from "../../src/store/create.ts";
import { PACER_RATES } from "../emulators/slack/rate-limits.ts";
import { clockFromEnv } from "../fakes/scaled-clock.ts";

const env = process.env;
const clock = clockFromEnv(env);
const logger = createConsoleLogger(env.QM_DEBUG ? "info" : "error", { pid: process.pid });
const url = env.STORE_URL ?? "";
const store = await createStore(url, { poolSize: 8 });
const adapter = createSlackAdapter({
  mode: "http",
  botToken: env.SLACK_BOT_TOKEN ?? "",
  signingSecret: env.SLACK_SIGNING_SECRET ?? "",
  apiUrl: env.SLACK_API_URL ?? "",
  port: 0,
  host: "127.0.0.1",
  logger,
  pacing: {
    rates: PACER_RATES,
    scale: Number(env.QM_RATE_SCALE ?? 1),
    shared: slotsInStore(store, env.SLACK_BOT_TOKEN ?? ""),
  },
});
const bot = createBot({
  commands,
  platforms: [adapter],
  store,
  clock,
  logger,
  config: defaultBotConfig,
  scheduler: pgBossScheduler({ connectionString: url, wallTime: clock.wallTime }),
  sharedStore: true,
  livenessClock: systemClock,
});
await bot.start();
process.send?.({ type: "ready", endpointUrl: adapter.endpointUrl ?? null });

process.on("SIGTERM", async () => {
  await bot.stop({ timeoutMs: 2_000 });
  await store.close();
  process.exit(0);
});
