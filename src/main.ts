import { join } from "node:path";
import { createBot } from "./bot.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type AppConfig, defaultBotConfig, loadConfig } from "./config.ts";
import { loadDotEnv } from "./env-file.ts";
import { ConfigError } from "./errors.ts";
import { createConsoleLogger, type Logger } from "./logger.ts";
import type { PlatformAdapter } from "./platform/adapter.ts";
import { createStore } from "./store/create.ts";

/**
 * `npm start`: reads .env and the environment once, then serves Discord and/or Slack when their credentials are set,
 * or the local sandbox when none are. Platform SDKs are imported only when configured.
 */
async function platformsFor(
  config: AppConfig,
  logger: Logger,
): Promise<{ adapters: PlatformAdapter[]; clock: Clock; announce: () => void }> {
  const adapters: PlatformAdapter[] = [];
  if (config.discord) {
    const { createDiscordAdapter } = await import("../adapters/discord/index.ts");
    adapters.push(createDiscordAdapter({ ...config.discord, logger }));
  }
  if (config.slack) {
    const { createSlackAdapter } = await import("../adapters/slack/index.ts");
    adapters.push(createSlackAdapter({ ...config.slack, logger }));
  }
  if (adapters.length > 0) {
    return {
      adapters,
      clock: systemClock,
      announce: () => logger.info("quickmeet is running", { platforms: adapters.map((a) => a.id) }),
    };
  }
  const { createSandboxAdapter, createSandboxClock } = await import("../adapters/sandbox/index.ts");
  const clock = createSandboxClock();
  const sandbox = createSandboxAdapter({
    port: config.sandboxPort,
    host: "127.0.0.1",
    clock,
    logger,
    seedMembers: true,
    autoplay: true,
    // The sandbox platform's own world (channel, spaces, DMs) survives restarts, as Discord's servers would.
    stateFile: join(config.dataDir, "sandbox-world.json"),
  });
  return {
    adapters: [sandbox],
    clock,
    announce: () => {
      process.stdout.write(
        `\nquickmeet sandbox: no Discord or Slack credentials are set, so a local community is running.\n` +
          `  Open ${sandbox.url} in your browser.\n` +
          `  To join Discord set DISCORD_TOKEN and DISCORD_APP_ID; for Slack set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN). See README.md.\n\n`,
      );
    },
  };
}

async function main(): Promise<void> {
  loadDotEnv();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createConsoleLogger(config.logLevel);
  const store = createStore(config.storeUrl);
  const { adapters, clock, announce } = await platformsFor(config, logger);
  const bot = createBot({ platforms: adapters, store, clock, logger, config: defaultBotConfig });
  await bot.start();
  announce();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    await bot.stop();
    await store.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`quickmeet could not start: ${message}\n`);
  process.exit(1);
});
