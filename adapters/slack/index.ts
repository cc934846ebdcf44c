import type { AddressInfo } from "node:net";
import { App, type Logger as BoltLogger, LogLevel, webApi } from "@slack/bolt";
import { commands as allCommands } from "../../commands/index.ts";
import type { CommandDefinition } from "../../commands/types.ts";
import { type Logger, silentLogger } from "../../src/logger.ts";
import { type Metrics, noMetrics } from "../../src/metrics.ts";
import type { HttpRoute } from "../../src/ops/http.ts";
import type { PlatformAdapter } from "../../src/platform/adapter.ts";
import type { BotInbound } from "../../src/platform/inbound.ts";
import { ChannelSignals } from "./channel-signals.ts";
import { Directory } from "./directory.ts";
import { registerListeners } from "./listeners.ts";
import { Pacer, type PacerOptions } from "./pacer.ts";
import { SlackPlatform } from "./platform.ts";
import { PLATFORM_ID } from "./platform-id.ts";
import { SeenKeys } from "./seen.ts";
import { SlackWeb } from "./web.ts";
import { WorkQueue } from "./work-queue.ts";

export interface SlackAdapterOptions {
  /** Bot token (xoxb-…), SLACK_BOT_TOKEN. */
  botToken: string;
  /** Signing secret, SLACK_SIGNING_SECRET; required in HTTP mode (requests are verified with it). */
  signingSecret?: string;
  /** App-level token (xapp-…, scope connections:write), SLACK_APP_TOKEN; required in Socket Mode. */
  appToken?: string;
  /** `http`: Slack posts to /slack/events (production, behind a load balancer). `socket`: outbound WebSocket (dev). */
  mode: "http" | "socket";
  /** HTTP mode: port to listen on (0 = any free port; see `endpointUrl`). Default 3000. */
  port?: number;
  /** HTTP mode: interface to bind. Default 0.0.0.0. */
  host?: string;
  /** Web API base URL, SLACK_API_URL; tests and benches point it at the emulator. Default https://slack.com/api/. */
  apiUrl?: string;
  logger?: Logger;
  /** Commands to parse and list in help; default: the core's command list. */
  commands?: readonly CommandDefinition[];
  /** Client-side tier pacing (scale it with the emulator in benches). */
  pacing?: PacerOptions;
  /** Web API retry policy for 429s and network errors (p-retry options). */
  retryConfig?: webApi.RetryOptions;
  /** How many acknowledged events the core works on at once (the rest wait their turn). Default 8. */
  concurrency?: number;
  /** The slash command registered in the manifest. Default /quickmeet. */
  command?: string;
  /** Acknowledgement latency, 429s and retries. */
  metrics?: Metrics;
  /** HTTP mode: extra GET routes on the receiver's port (/healthz, /readyz, /metrics), through Bolt's customRoutes. */
  routes?: readonly HttpRoute[];
}

/** The Slack adapter: the ChatPlatform the core calls plus the Bolt app that feeds it events. */
export interface SlackAdapter extends PlatformAdapter {
  /** HTTP mode, once started: the Request URL for commands, interactivity and events. */
  readonly endpointUrl: string | undefined;
  /** Resolves when every acknowledged command, click and event has been fully handled (tests, shutdown). */
  settled(): Promise<void>;
}

/** Retry a 429 after Slack's Retry-After, then back off quickly; give up on a call after about two minutes. */
const DEFAULT_RETRY: webApi.RetryOptions = {
  retries: 8,
  factor: 2,
  minTimeout: 200,
  maxTimeout: 30_000,
  randomize: true,
};

/**
 * Bolt's and the Web API client's own lines, minus any payload: their debug lines dump request bodies and socket
 * messages (tokens, message text, profile answers), so everything from the first `{` or `[` on is dropped.
 */
export function withoutPayload(parts: unknown[]): string {
  const line = parts.map((p) => (typeof p === "string" ? p : p instanceof Error ? p.message : "[object]")).join(" ");
  const start = line.search(/[{[]/);
  return start === -1 ? line : `${line.slice(0, start).trimEnd()} [payload not logged]`;
}

function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const join = withoutPayload;
  return {
    debug: (...m: unknown[]) => logger.debug(`bolt: ${join(m)}`),
    info: (...m: unknown[]) => logger.info(`bolt: ${join(m)}`),
    warn: (...m: unknown[]) => logger.warn(`bolt: ${join(m)}`),
    error: (...m: unknown[]) => logger.error(`bolt: ${join(m)}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** Build the Slack adapter. Nothing connects until `start(bot)`. */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const logger = options.logger ?? silentLogger;
  if (options.mode === "http" && !options.signingSecret) {
    throw new Error(
      "Slack HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials → Signing Secret).",
    );
  }
  if (options.mode === "socket" && !options.appToken) {
    throw new Error(
      "Slack Socket Mode needs SLACK_APP_TOKEN (an xapp- token with connections:write, Basic Information → App-Level Tokens).",
    );
  }
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: options.apiUrl ?? "https://slack.com/api/",
    rejectRateLimitedCalls: false,
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
  };
  const common = { token: options.botToken, logger: boltLogger(logger), clientOptions, deferInitialization: true };
  const app =
    options.mode === "socket"
      ? new App({ ...common, appToken: options.appToken!, socketMode: true })
      : new App({
          ...common,
          signingSecret: options.signingSecret!,
          processBeforeResponse: false,
          customRoutes: (options.routes ?? []).map((r) => ({ path: r.path, method: ["GET"], handler: r.handler })),
        });
  const metrics = options.metrics ?? noMetrics;
  // With rejectRateLimitedCalls off, the client waits Retry-After and retries every 429 it reports here.
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, () => {
    metrics.rateLimited(PLATFORM_ID);
    metrics.retried(PLATFORM_ID);
  });
  const pacer = new Pacer(options.pacing);
  const web = new SlackWeb(app.client, pacer);
  const directory = new Directory(web, logger);
  const platform = new SlackPlatform(web, directory, new ChannelSignals(web, logger));
  const queue = new WorkQueue(options.concurrency ?? 8);
  let endpointUrl: string | undefined;
  let started = false;

  // Object.assign would copy a getter's current value, so endpointUrl is defined as a live property.
  Object.defineProperty(platform, "endpointUrl", { get: () => endpointUrl, enumerable: true });
  const adapter: SlackAdapter = Object.assign(
    platform as SlackPlatform & { readonly endpointUrl: string | undefined },
    {
      async start(bot: BotInbound): Promise<void> {
        if (started) return;
        started = true;
        const fromBot = (bot as { commands?: readonly CommandDefinition[] }).commands;
        registerListeners(app, {
          bot,
          commands: options.commands ?? fromBot ?? allCommands,
          web,
          platform,
          directory,
          seen: new SeenKeys(),
          queue,
          logger,
          metrics,
          command: options.command ?? "/quickmeet",
        });
        await app.init();
        await directory
          .warm()
          .catch((error: unknown) => logger.warn("slack: could not list members (users:read?)", { error }));
        if (options.mode === "socket") {
          await app.start();
          logger.info("slack: connected in Socket Mode");
          return;
        }
        const server = (await app.start({ port: options.port ?? 3000, host: options.host ?? "0.0.0.0" })) as {
          address(): AddressInfo | string | null;
        };
        const address = server.address();
        const port = typeof address === "object" && address ? address.port : (options.port ?? 3000);
        const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
        endpointUrl = `http://${host}:${port}/slack/events`;
        logger.info("slack: listening", { endpointUrl });
      },
      settled: () => queue.settled(),
      notReadyReason: () => (started && (options.mode === "socket" || endpointUrl) ? null : "not connected"),
      async stop(): Promise<void> {
        if (!started) return;
        started = false;
        // Stop taking events first, then let what was acknowledged finish before the pacing timers go.
        await app.stop();
        await queue.settled();
        pacer.stop();
      },
    },
  );
  return adapter;
}

export { SLACK_TIERS } from "./pacer.ts";
export { REQUIRED_SCOPES, SLACK_MAX_SPACE_MEMBERS } from "./platform.ts";
