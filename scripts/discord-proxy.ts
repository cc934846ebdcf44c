/**
 * The one REST proxy every quickmeet process of a sharded Discord bot sends its REST calls through, so Discord's
 * global limit (50 requests/s per bot) and per-route buckets are counted once for the whole bot.
 * Usage: `npm run discord:proxy` with DISCORD_PROXY_PORT (default 8080) and DISCORD_PROXY_HOST (default 127.0.0.1);
 * it forwards to DISCORD_API_URL (default https://discord.com/api). Each bot process then sets DISCORD_API_URL to
 * http://<proxy-host>:<port>/api. Needs no token: each request carries its own.
 */
import { startDiscordRestProxy } from "../adapters/discord/rest-proxy.ts";
import { loadConfig } from "../src/config.ts";
import { loadDotEnv } from "../src/env-file.ts";
import { createPinoLogger } from "../src/ops/pino-logger.ts";

try {
  loadDotEnv();
  const { discordProxy, logLevel } = loadConfig({ ...process.env, QUICKMEET_SANDBOX: "1" });
  const logger = createPinoLogger({ level: logLevel, format: process.stderr.isTTY ? "pretty" : "json" });
  const proxy = await startDiscordRestProxy({ ...discordProxy, logger });
  logger.info("discord rest proxy listening", { url: proxy.url, upstream: discordProxy.upstream });
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
