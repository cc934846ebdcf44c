import { join } from "node:path";
import type { StartedPlatform } from "../adapters/shared/platform-entry.ts";
import { commands } from "../commands/index.ts";
import type { Clock } from "../src/clock.ts";
import { type AppConfig, defaultBotConfig, loadConfig } from "../src/config.ts";
import { loadDotEnv } from "../src/env-file.ts";
import { ConfigError } from "../src/errors.ts";
import type { Logger } from "../src/logger.ts";
import type { Metrics } from "../src/metrics.ts";
import type { HttpRoute } from "../src/ops/http.ts";
import type { PlatformAdapter } from "../src/platform/adapter.ts";
import type { Store } from "../src/store/port.ts";
import { PLATFORMS } from "./platforms.ts";

/**
 * `npm start`: reads .env and the environment once, then serves Discord and/or Slack when their credentials are set,
 * or the local sandbox when no platform variable is set at all. Platform SDKs are imported only when configured.
 */
async function platformsFor(
  config: AppConfig,
  logger: Logger,
  metrics: Metrics,
  routes: HttpRoute[],
  store: Store,
  /** Several processes share `store` (PostgreSQL): Slack's pacing slots live there. */
  shared: boolean,
): Promise<{ adapters: PlatformAdapter[]; clock: Clock; announce: () => void; routesServedAt?: string }> {
  const started: StartedPlatform[] = [];
  for (const entry of PLATFORMS) {
    const platform = await entry.start(config, { logger, metrics, routes, store, shared });
    if (platform) started.push(platform);
  }
  const adapters = started.map((p) => p.adapter);
  const routesServedAt = started.find((p) => p.servesRoutesAt)?.servesRoutesAt;
  if (adapters.length > 0) {
    const { systemClock } = await import("../src/clock.ts");
    return {
      adapters,
      clock: systemClock,
      announce: () => logger.info("quickmeet is running", { platforms: adapters.map((a) => a.id) }),
      ...(routesServedAt ? { routesServedAt } : {}),
    };
  }
  const { createSandboxAdapter, createSandboxClock } = await import("../adapters/sandbox/index.ts");
  const clock = createSandboxClock();
  const sandbox = createSandboxAdapter({
    port: config.sandboxPort,
    host: "127.0.0.1",
    clock,
    logger: logger.child({ adapter: "sandbox" }),
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
        `\nquickmeet sandbox: no Discord or Slack variable is set, so a local community is running.\n` +
          `  Open ${sandbox.url} in your browser.\n` +
          `  To join Discord set DISCORD_TOKEN and DISCORD_APP_ID; for Slack set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN), or SLACK_CLIENT_ID for "Add to Slack" installs. See README.md.\n\n`,
      );
    },
  };
}

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  // Checked before anything heavy loads: a bad configuration is reported at once.
  const config = configOrExit();
  // Opened before anything heavy loads or a platform connects: a SQLite file another process holds is refused at once.
  const { createStore, isSharedStoreUrl } = await import("../src/store/create.ts");
  const opened = await createStore(config.storeUrl, { poolSize: config.storePoolSize });
  const [{ createBot }, { opsRoutes, startOpsServer }, { instrumentStore }, { createPinoLogger }, prometheus] =
    await Promise.all([
      import("../src/bot.ts"),
      import("../src/ops/http.ts"),
      import("../src/ops/instrumented-store.ts"),
      import("../src/ops/pino-logger.ts"),
      import("../src/ops/prometheus.ts"),
    ]);
  const [{ readinessProblems }, { instanceIdFor }] = await Promise.all([
    import("../src/ops/readiness.ts"),
    import("../src/store/instance.ts"),
  ]);
  const logger = createPinoLogger({
    level: config.logLevel,
    format: config.logFormat ?? (process.stderr.isTTY ? "pretty" : "json"),
  });
  for (const warning of config.warnings) logger.warn(warning);
  const metrics = prometheus.createPrometheusMetrics();
  const store = instrumentStore(opened, metrics);
  // The routes exist before the bot (Slack's receiver takes them at construction); readiness is bound once it runs.
  let readiness = async (): Promise<string[]> => ["starting"];
  const routes = opsRoutes({
    readiness: () => readiness(),
    metrics: async () => ({ body: await metrics.render(), contentType: metrics.contentType }),
  });
  // On PostgreSQL several processes share the deadlines: pg-boss runs each once in any of them (README "Scaling out").
  const shared = isSharedStoreUrl(config.storeUrl);
  const { adapters, clock, announce, routesServedAt } = await platformsFor(
    config,
    logger,
    metrics,
    routes,
    store,
    shared,
  );
  const scheduler = shared
    ? (await import("../src/jobs/pg-boss.ts")).pgBossScheduler({ connectionString: config.storeUrl })
    : undefined;
  const bot = createBot({
    commands,
    platforms: adapters,
    store,
    clock,
    logger,
    config: defaultBotConfig,
    metrics,
    // Leases under this instance's id: a restart on the same store takes over what its killed predecessor held.
    instanceId: instanceIdFor(config.storeUrl),
    ...(scheduler ? { scheduler, sharedStore: true } : {}),
  });
  readiness = () => readinessProblems({ store, adapters, jobs: bot.engine.jobs });

  // A platform's own HTTP server (Slack's receiver) may serve the routes; otherwise they get their own (the sandbox
  // only when asked).
  const ops =
    !routesServedAt && (!config.sandbox || config.metrics.explicit)
      ? await startOpsServer(routes, config.metrics.port, config.metrics.host)
      : undefined;
  await bot.start();
  announce();
  logger.info("operations endpoints", {
    at: routesServedAt ?? ops?.url ?? "off",
    paths: routes.map((r) => r.path),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn("second signal: exiting at once", { signal });
      process.exit(1);
    }
    stopping = true;
    logger.info("shutting down", { signal, timeoutMs: config.shutdownTimeoutMs });
    const report = await bot.stop({ timeoutMs: config.shutdownTimeoutMs });
    await ops?.close();
    await store.close();
    logger.info("shut down", { ...report });
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
