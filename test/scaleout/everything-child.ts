/**
 * One bot process of the issue-17 deployment: Slack in OAuth mode (any workspace installs it; installations sealed in
 * the shared PostgreSQL store) and one Discord shard (QM_DISCORD_SHARD of QM_DISCORD_SHARDS), REST through the shared
 * @discordjs/proxy, pg-boss deadlines, on a bot clock running QM_CLOCK_SCALE times faster than the wall clock (as in
 * test/scaleout/bot-child.ts). IPC: → { type: "ready", endpointUrl, installUrl }.
 */
import { createDiscordAdapter } from "../../adapters/discord/index.ts";
import { createSlackAdapter } from "../../adapters/slack/index.ts";
import { StoreInstallationStore } from "../../adapters/slack/installations.ts";
import { TokenCipher } from "../../adapters/slack/token-cipher.ts";
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
const need = (name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const clock = clockFromEnv(env);
const logger = createConsoleLogger(env.QM_DEBUG ? "info" : "error", { pid: process.pid });
const url = need("STORE_URL");
const store = await createStore(url, { poolSize: 8 });
const slack = createSlackAdapter({
  mode: "http",
  signingSecret: need("SLACK_SIGNING_SECRET"),
  oauth: {
    clientId: need("SLACK_CLIENT_ID"),
    clientSecret: need("SLACK_CLIENT_SECRET"),
    stateSecret: need("SLACK_STATE_SECRET"),
    installationStore: new StoreInstallationStore(store, TokenCipher.fromBase64(need("SLACK_TOKEN_ENCRYPTION_KEY"))),
    authorizationUrl: need("QM_SLACK_AUTHORIZE_URL"),
  },
  apiUrl: need("SLACK_API_URL"),
  port: 0,
  host: "127.0.0.1",
  retryConfig: { retries: 6, factor: 1.5, minTimeout: 20, maxTimeout: 500 },
  pacing: { rates: PACER_RATES },
  logger,
});
const discord = createDiscordAdapter({
  logger,
  token: need("DISCORD_TOKEN"),
  appId: need("DISCORD_APP_ID"),
  apiUrl: need("QM_DISCORD_API_URL"),
  restProxyUrl: need("QM_DISCORD_PROXY_URL"),
  rateLimitOffsetMs: 10,
  dmOpenIntervalMs: 20,
  shards: { ids: [Number(need("QM_DISCORD_SHARD"))], count: Number(need("QM_DISCORD_SHARDS")) },
});
const bot = createBot({
  commands,
  platforms: [slack, discord],
  store,
  clock,
  logger,
  config: defaultBotConfig,
  scheduler: pgBossScheduler({ connectionString: url, wallTime: clock.wallTime }),
  sharedStore: true,
  livenessClock: systemClock,
});
await bot.start();
process.send?.({ type: "ready", endpointUrl: slack.endpointUrl ?? null, installUrl: slack.installUrl ?? null });

process.on("SIGTERM", async () => {
  await bot.stop({ timeoutMs: 2_000 });
  await store.close();
  process.exit(0);
});
