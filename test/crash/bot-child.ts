/**
 * The quickmeet bot as production runs it (configuration from the environment through `loadConfig`, the Discord
 * and/or Slack adapter, the SQLite store named by STORE_URL, its instance id beside the file), in a child process a
 * crash test can SIGKILL. The one difference from app/main.ts: time may run faster (QM_CLOCK_SCALE, from
 * QM_CLOCK_ORIGIN), so minutes of Quick Meet pass in seconds; every process of one run shares origin and scale, so
 * the clock continues across restarts. Talks to the parent over IPC: → { type: "ready" } once adapters are up;
 * ← { type: "status", id, sessionId } → { type: "status", id, status } (the session's status, read from its store).
 */

import { createDiscordAdapter } from "../../adapters/discord/index.ts";
import { createSlackAdapter, slackOptionsFrom } from "../../adapters/slack/index.ts";
import { commands } from "../../commands/index.ts";
import { createBot } from "../../src/bot.ts";
import { defaultBotConfig, loadConfig } from "../../src/config.ts";
import type { Session } from "../../src/domain/types.ts";
import { createConsoleLogger } from "../../src/logger.ts";
import type { PlatformAdapter } from "../../src/platform/adapter.ts";
import { createStore } from "../../src/store/create.ts";
import { instanceIdFor } from "../../src/store/instance.ts";
import { keys } from "../../src/store/keys.ts";
import { clockFromEnv } from "../fakes/scaled-clock.ts";

const config = loadConfig();
const logger = createConsoleLogger(config.logLevel);
const adapters: PlatformAdapter[] = [];
if (config.discord) adapters.push(createDiscordAdapter({ ...config.discord, logger }));
const store = await createStore(config.storeUrl);
if (config.slack) adapters.push(createSlackAdapter({ ...slackOptionsFrom(config.slack, store), logger }));
const clock = clockFromEnv();
const bot = createBot({
  commands,
  platforms: adapters,
  store,
  clock,
  logger,
  config: defaultBotConfig,
  instanceId: instanceIdFor(config.storeUrl),
});
await bot.start();
process.send?.({ type: "ready" });
// The parent asks for a session's status here: this process holds the store file's lock, so it cannot read the file.
process.on("message", async (m: { type?: string; id?: number; sessionId?: string }) => {
  if (m.type !== "status" || !m.sessionId) return;
  const session = await store.get<Session>(keys.session(m.sessionId));
  process.send?.({ type: "status", id: m.id, status: session?.status });
});

let stopping = false;
process.on("SIGTERM", async () => {
  if (stopping) return;
  stopping = true;
  await bot.stop();
  await store.close();
  process.exit(0);
});
