import type { AddressInfo } from "node:net";
import { App, type Logger as BoltLogger, LogLevel, type webApi } from "@slack/bolt";
import { commands as allCommands } from "../../commands/index.ts";
import type { CommandDefinition } from "../../commands/types.ts";
import { type Logger, silentLogger } from "../../src/logger.ts";
import { type Metrics, noMetrics } from "../../src/metrics.ts";
import type { HttpRoute } from "../../src/ops/http.ts";
import type { PlatformAdapter } from "../../src/platform/adapter.ts";
import type { BotInbound } from "../../src/platform/inbound.ts";
import type { Store } from "../../src/store/port.ts";
import { StoreInstallationStore } from "./installations.ts";
import { registerListeners, registerUninstallListeners } from "./listeners.ts";
import type { PacerOptions } from "./pacer.ts";
import { REQUIRED_SCOPES } from "./platform.ts";
import { PLATFORM_ID } from "./platform-id.ts";
import { SlackRouter } from "./router.ts";
import { SeenKeys } from "./seen.ts";
import { TokenCipher } from "./token-cipher.ts";
import { WorkQueue } from "./work-queue.ts";
import { Workspaces } from "./workspaces.ts";

/** OAuth v2 installs ("Add to Slack"): any workspace installs the app, each with its own bot token. */
export interface SlackOAuthOptions {
  /** SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App Credentials). */
  clientId: string;
  clientSecret: string;
  /** SLACK_STATE_SECRET: signs the `state` of each install (CSRF protection, Bolt's ClearStateStore). */
  stateSecret: string;
  /** Installations on quickmeet's store, tokens sealed with SLACK_TOKEN_ENCRYPTION_KEY. */
  installationStore: StoreInstallationStore;
  /** SLACK_REDIRECT_URI: the public https URL of /slack/oauth_redirect, as listed under OAuth & Permissions. */
  redirectUri?: string;
  /** Where the "Add to Slack" link points (tests: the emulator). Default https://slack.com/oauth/v2/authorize. */
  authorizationUrl?: string;
}

/** Bot scopes requested at install: exactly what the manifest lists (REQUIRED_SCOPES plus the optional reads). */
export const INSTALL_SCOPES: readonly string[] = [
  ...REQUIRED_SCOPES.map((r) => r.scope),
  "channels:read",
  "groups:read",
  "files:write",
];

export interface SlackAdapterOptions {
  /** Bot token (xoxb-…), SLACK_BOT_TOKEN: single-workspace mode. Leave it out with `oauth`. */
  botToken?: string;
  /** OAuth installs by any workspace (HTTP mode only); mutually exclusive with `botToken`. */
  oauth?: SlackOAuthOptions;
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
  /** HTTP mode: extra routes on the receiver's port (/healthz, /readyz, /metrics, Discord interactions), through Bolt's customRoutes. */
  routes?: readonly HttpRoute[];
}

/** The Slack adapter: the ChatPlatform the core calls plus the Bolt app that feeds it events. */
export interface SlackAdapter extends PlatformAdapter {
  /** HTTP mode, once started: the Request URL for commands, interactivity and events. */
  readonly endpointUrl: string | undefined;
  /** OAuth mode, once started: the "Add to Slack" page (`/slack/install`). */
  readonly installUrl: string | undefined;
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
  if (options.oauth && options.botToken) {
    throw new Error("Slack: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (installs), not both.");
  }
  if (!options.oauth && !options.botToken) {
    throw new Error(
      "Slack needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (installs).",
    );
  }
  if (options.oauth && options.mode !== "http") {
    throw new Error(
      "Slack installs (SLACK_CLIENT_ID) need HTTP mode: Slack redirects the browser to /slack/oauth_redirect.",
    );
  }
  const oauth = options.oauth;
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: options.apiUrl ?? "https://slack.com/api/",
    rejectRateLimitedCalls: false,
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
  };
  const common = { logger: boltLogger(logger), clientOptions, deferInitialization: true };
  const customRoutes = (options.routes ?? []).map((r) => ({
    path: r.path,
    method: [r.method ?? "GET"],
    handler: r.handler,
  }));
  const app =
    options.mode === "socket"
      ? new App({ ...common, token: options.botToken!, appToken: options.appToken!, socketMode: true })
      : oauth
        ? new App({
            ...common,
            signingSecret: options.signingSecret!,
            processBeforeResponse: false,
            customRoutes,
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: [...INSTALL_SCOPES],
            installationStore: oauth.installationStore,
            ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
            installerOptions: {
              installPath: "/slack/install",
              redirectUriPath: "/slack/oauth_redirect",
              // The page with the "Add to Slack" button, rather than an immediate redirect.
              directInstall: false,
              stateVerification: true,
              ...(oauth.authorizationUrl ? { authorizationUrl: oauth.authorizationUrl } : {}),
            },
          })
        : new App({
            ...common,
            token: options.botToken!,
            signingSecret: options.signingSecret!,
            processBeforeResponse: false,
            customRoutes,
          });
  const metrics = options.metrics ?? noMetrics;
  const workspaces = new Workspaces({
    single: !oauth,
    tokenFor: async (teamId) =>
      oauth
        ? oauth.installationStore.botToken({ teamId, isEnterpriseInstall: false, enterpriseId: undefined })
        : options.botToken,
    clientOptions,
    ...(options.pacing ? { pacing: options.pacing } : {}),
    logger,
    metrics,
  });
  const platform = new SlackRouter(workspaces);
  const queue = new WorkQueue(options.concurrency ?? 8);
  let endpointUrl: string | undefined;
  let baseUrl: string | undefined;
  let started = false;

  // Object.assign would copy a getter's current value, so endpointUrl is defined as a live property.
  Object.defineProperty(platform, "endpointUrl", { get: () => endpointUrl, enumerable: true });
  Object.defineProperty(platform, "installUrl", {
    get: () => (oauth && baseUrl ? `${baseUrl}/slack/install` : undefined),
    enumerable: true,
  });
  const adapter: SlackAdapter = Object.assign(
    platform as SlackRouter & { readonly endpointUrl: string | undefined; readonly installUrl: string | undefined },
    {
      async start(bot: BotInbound): Promise<void> {
        if (started) return;
        started = true;
        const fromBot = (bot as { commands?: readonly CommandDefinition[] }).commands;
        const deps: Parameters<typeof registerListeners>[1] = {
          bot,
          commands: options.commands ?? fromBot ?? allCommands,
          workspaces,
          seen: new SeenKeys(),
          queue,
          logger,
          metrics,
          command: options.command ?? "/quickmeet",
          uninstalled: async (where) => {
            // Tokens first: whatever happens next, nothing can use them again.
            if (oauth)
              await oauth.installationStore.deleteInstallation({
                teamId: where.teamId,
                enterpriseId: where.enterpriseId,
                isEnterpriseInstall: where.isEnterpriseInstall,
              });
            await workspaces.evict(where.teamId);
            await bot.communityRemoved(PLATFORM_ID, where.teamId);
            logger.info("slack: uninstalled", { teamId: where.teamId });
          },
        };
        registerListeners(app, deps);
        registerUninstallListeners(app, deps);
        // A wrong SLACK_TOKEN_ENCRYPTION_KEY stops start-up here, naming the variable, before any event comes in.
        if (oauth) logger.info("slack: installations", { workspaces: await oauth.installationStore.verifyKey() });
        await app.init();
        // Single workspace: read its members now (an installed workspace's are read when it is first used).
        if (!oauth) await workspaces.get("");
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
        baseUrl = `http://${host}:${port}`;
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
        await workspaces.stop();
      },
    },
  );
  return adapter;
}

export { SLACK_TIERS, slotsInStore } from "./pacer.ts";
export { REQUIRED_SCOPES, SLACK_MAX_SPACE_MEMBERS } from "./platform.ts";

/** The Slack part of the parsed configuration (src/config.ts). */
export type SlackConfig = Omit<SlackAdapterOptions, "oauth"> & {
  oauth?: { clientId: string; clientSecret: string; stateSecret: string; encryptionKey: string; redirectUri?: string };
};

/**
 * Adapter options from the configuration: with SLACK_CLIENT_ID, the installation store on `store`, tokens sealed with
 * SLACK_TOKEN_ENCRYPTION_KEY (a missing or malformed key throws here, naming the variable).
 */
export function slackOptionsFrom(config: SlackConfig, store: Store): SlackAdapterOptions {
  const { oauth, ...rest } = config;
  if (!oauth) return rest;
  const { encryptionKey, ...credentials } = oauth;
  return {
    ...rest,
    oauth: {
      ...credentials,
      installationStore: new StoreInstallationStore(store, TokenCipher.fromBase64(encryptionKey)),
    },
  };
}
