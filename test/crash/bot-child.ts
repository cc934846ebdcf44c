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
import type { Clock } from "../../src/clock.ts";
import { defaultBotConfig, loadConfig } from "../../src/config.ts";
import type { Session } from "../../src/domain/types.ts";
import { createConsoleLogger } from "../../src/logger.ts";
import type { PlatformAdapter } from "../../src/platform/adapter.ts";
import { createStore } from "../../src/store/create.ts";
import { instanceIdFor } from "../../src/store/instance.ts";
import { keys } from "../../src/store/keys.ts";

/** Time as seen by the bot: `scale` times faster than the wall clock from `origin` on. */
export function scaledClock(origin: number, scale: number): Clock {
  return {
    now: () => origin + (Date.now() - origin) * scale,
    setTimer(fn, ms) {
      const handle = setTimeout(fn, Math.max(0, ms) / scale);
      return { cancel: () => clearTimeout(handle) };
    },
  };
}

const config = loadConfig();
const logger = createConsoleLogger(config.logLevel);
const adapters: PlatformAdapter[] = [];
if (config.discord) adapters.push(createDiscordAdapter({ ...config.discord, logger }));
const store = await createStore(config.storeUrl);
if (config.slack) adapters.push(createSlackAdapter({ ...slackOptionsFrom(config.slack, store), logger }));
const clock = scaledClock(Number(process.env.QM_CLOCK_ORIGIN ?? Date.now()), Number(process.env.QM_CLOCK_SCALE ?? 1));
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
