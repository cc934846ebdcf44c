import { z } from "zod";
import { unknownVariables } from "./config-typos.ts";
import type { SessionOptions } from "./domain/types.ts";
import { ConfigError } from "./errors.ts";
import type { LogLevel } from "./logger.ts";

/** Every default in one place. Community settings override session defaults; `/quickmeet start` options beat both. */
export const DEFAULTS = {
  session: { rounds: 3, minutesPerRound: 5, lobbyMinutes: 2, groupSize: 2, breakSeconds: 30 } satisfies SessionOptions,
  /** Seconds between lobby countdown edits (a message edit, never a new message). */
  lobbyRefreshSeconds: 30,
  dataDir: "./data",
  sandboxPort: 8787,
  slackPort: 3000,
  logLevel: "info" as LogLevel,
  /** Prometheus exporters' customary port; used when neither Slack's HTTP receiver nor METRICS_PORT serves /metrics. */
  metricsPort: 9464,
  shutdownTimeoutMs: 10_000,
  /** PostgreSQL connections per bot process (STORE_POOL_SIZE). */
  storePoolSize: 10,
  discordApiUrl: "https://discord.com/api",
  discordInteractionsPath: "/discord/interactions",
  discordProxyPort: 8080,
  slackApiUrl: "https://slack.com/api/",
} as const;

/** Hard limits for session options, shown in error messages. */
export const LIMITS = {
  rounds: { min: 1, max: 20 },
  minutesPerRound: { min: 2, max: 60 },
  lobbyMinutes: { min: 1, max: 60 },
  breakSeconds: { min: 0, max: 600 },
} as const;

/** Settings of the core engine (createBot). */
export interface BotConfig {
  /** Session defaults for communities that set none. */
  sessionDefaults: SessionOptions;
  /** Seconds between lobby countdown edits. */
  lobbyRefreshSeconds: number;
}

export const defaultBotConfig: BotConfig = {
  sessionDefaults: DEFAULTS.session,
  lobbyRefreshSeconds: DEFAULTS.lobbyRefreshSeconds,
};

/** Empty strings in .env files mean "not set". */
const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const port = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        ctx.addIssue({ code: "custom", message: `expected a port number 0-65535, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const url = (fallback: string) =>
  optional.transform((v, ctx) => {
    const value = v ?? fallback;
    if (!URL.canParse(value)) {
      ctx.addIssue({ code: "custom", message: `expected an absolute URL such as ${fallback}, got "${value}"` });
      return z.NEVER;
    }
    return value;
  });

/** One of `values`, or unset (absent or empty). */
const oneOf = <T extends string>(values: readonly T[]) =>
  optional.transform((v, ctx) => {
    if (v === undefined) return undefined;
    if ((values as readonly string[]).includes(v)) return v as T;
    ctx.addIssue({ code: "custom", message: `expected ${values.join(", ")}; got "${v}"` });
    return z.NEVER;
  });

const positiveInt = (fallback: number) =>
  optional.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) {
      ctx.addIssue({ code: "custom", message: `expected a whole number of milliseconds above 0, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

/** Variables that name a platform: any of them set means "serve this platform", never the sandbox. */
const DISCORD_VARS = [
  "DISCORD_TOKEN",
  "DISCORD_APP_ID",
  "DISCORD_GUILD_ID",
  "DISCORD_API_URL",
  "DISCORD_REST_PROXY_URL",
  "DISCORD_SHARD_IDS",
  "DISCORD_SHARD_COUNT",
  "DISCORD_PUBLIC_KEY",
  "DISCORD_INTERACTIONS_PATH",
] as const;
const SLACK_VARS = [
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_MODE",
  "SLACK_PORT",
  "SLACK_API_URL",
  "SLACK_CLIENT_ID",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
  "SLACK_TOKEN_ENCRYPTION_KEY",
  "SLACK_REDIRECT_URI",
] as const;
const isSet = (v: string | undefined) => v !== undefined && v.trim() !== "";

const envShape = z.object({
  DISCORD_TOKEN: optional,
  DISCORD_APP_ID: optional,
  DISCORD_GUILD_ID: optional,
  DISCORD_API_URL: url(DEFAULTS.discordApiUrl),
  DISCORD_REST_PROXY_URL: optional.refine((v) => v === undefined || URL.canParse(v), {
    message: "expected the URL of the shared REST proxy, such as http://discord-proxy:8080/api",
  }),
  DISCORD_SHARD_COUNT: optional.refine((v) => v === undefined || v === "auto" || /^[1-9]\d*$/.test(v), {
    message: 'expected the total number of shards (a whole number above 0) or "auto"',
  }),
  DISCORD_SHARD_IDS: optional.refine((v) => v === undefined || /^\d+(\s*,\s*\d+)*$/.test(v), {
    message: "expected shard ids separated by commas, such as 0,1",
  }),
  DISCORD_PUBLIC_KEY: optional.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v), {
    message: "expected the application's public key (64 hex characters, Developer Portal → General Information)",
  }),
  DISCORD_INTERACTIONS_PATH: optional.refine((v) => v === undefined || v.startsWith("/"), {
    message: "expected a path starting with /, such as /discord/interactions",
  }),
  DISCORD_PROXY_PORT: port(DEFAULTS.discordProxyPort),
  DISCORD_PROXY_HOST: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_MODE: oneOf(["http", "socket"] as const),
  SLACK_PORT: port(DEFAULTS.slackPort),
  SLACK_API_URL: url(DEFAULTS.slackApiUrl),
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SLACK_TOKEN_ENCRYPTION_KEY: optional,
  SLACK_REDIRECT_URI: optional.refine((v) => v === undefined || /^https?:\/\/.+\/slack\/oauth_redirect$/.test(v), {
    message:
      "expected the public URL of /slack/oauth_redirect, e.g. https://quickmeet.example.org/slack/oauth_redirect",
  }),
  STORE_URL: optional.refine((v) => v === undefined || /^(sqlite:\/\/.+|postgres(ql)?:\/\/.+)/.test(v), {
    message:
      "expected sqlite://path/to/file.sqlite (one bot process) or postgres://user:password@host:5432/database (several processes)",
  }),
  STORE_POOL_SIZE: positiveInt(DEFAULTS.storePoolSize),
  DATA_DIR: optional.transform((v) => v ?? DEFAULTS.dataDir),
  SANDBOX_PORT: port(DEFAULTS.sandboxPort),
  LOG_LEVEL: oneOf(["debug", "info", "warn", "error", "silent"] as const).transform((v) => v ?? DEFAULTS.logLevel),
  LOG_FORMAT: oneOf(["json", "pretty"] as const),
  METRICS_PORT: port(DEFAULTS.metricsPort),
  METRICS_HOST: optional,
  SHUTDOWN_TIMEOUT_MS: positiveInt(DEFAULTS.shutdownTimeoutMs),
  QUICKMEET_SANDBOX: oneOf(["1", "0", "true", "false"] as const),
});

/** Every variable quickmeet reads. */
export const KNOWN_VARIABLES: readonly string[] = Object.keys(envShape.shape);

/** The environment, validated once at start-up. Documented variable by variable in .env.example. */
export const envSchema = envShape.superRefine((env, ctx) => {
  if (env.DISCORD_TOKEN && !env.DISCORD_APP_ID) {
    ctx.addIssue({
      code: "custom",
      path: ["DISCORD_APP_ID"],
      message: "required when DISCORD_TOKEN is set (the application id from the Developer Portal)",
    });
  }
  if (!env.DISCORD_TOKEN && env.DISCORD_APP_ID) {
    ctx.addIssue({
      code: "custom",
      path: ["DISCORD_TOKEN"],
      message: "required when DISCORD_APP_ID is set (the bot token)",
    });
  }
  const shardIds = env.DISCORD_SHARD_IDS?.split(",").map((v) => Number(v.trim()));
  if (shardIds && (env.DISCORD_SHARD_COUNT === undefined || env.DISCORD_SHARD_COUNT === "auto")) {
    ctx.addIssue({
      code: "custom",
      path: ["DISCORD_SHARD_COUNT"],
      message: "required as a number when DISCORD_SHARD_IDS is set (the total shards across all processes)",
    });
  } else if (shardIds?.some((id) => id >= Number(env.DISCORD_SHARD_COUNT))) {
    ctx.addIssue({
      code: "custom",
      path: ["DISCORD_SHARD_IDS"],
      message: `each id must be below DISCORD_SHARD_COUNT (${env.DISCORD_SHARD_COUNT}); shards are numbered from 0`,
    });
  }
  if (env.SLACK_BOT_TOKEN && !env.SLACK_BOT_TOKEN.startsWith("xoxb-")) {
    ctx.addIssue({
      code: "custom",
      path: ["SLACK_BOT_TOKEN"],
      message: 'expected a bot token starting with "xoxb-"',
    });
  }
  if (env.SLACK_CLIENT_ID) {
    const need = (name: keyof typeof env, why: string) => {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: `required with SLACK_CLIENT_ID (${why})` });
    };
    need("SLACK_CLIENT_SECRET", "Basic Information → App Credentials → Client Secret");
    need("SLACK_STATE_SECRET", "any long random string; it signs each install's state, e.g. openssl rand -hex 32");
    need("SLACK_SIGNING_SECRET", "Basic Information → App Credentials → Signing Secret");
    need(
      "SLACK_TOKEN_ENCRYPTION_KEY",
      "32 random bytes in base64 sealing each workspace's token, openssl rand -base64 32",
    );
    const key = env.SLACK_TOKEN_ENCRYPTION_KEY?.trim();
    if (key && (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, "base64").length !== 32)) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_TOKEN_ENCRYPTION_KEY"],
        message: "expected 32 bytes in base64 (44 characters), e.g. from openssl rand -base64 32",
      });
    }
    if (env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (installs by any workspace), not both",
      });
    }
    if (env.SLACK_MODE === "socket" || env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_MODE"],
        message: "installs (SLACK_CLIENT_ID) need HTTP mode: unset SLACK_APP_TOKEN and SLACK_MODE=socket",
      });
    }
  }
  if (env.SLACK_APP_TOKEN && !env.SLACK_APP_TOKEN.startsWith("xapp-")) {
    ctx.addIssue({
      code: "custom",
      path: ["SLACK_APP_TOKEN"],
      message: 'expected an app-level token starting with "xapp-"',
    });
  }
  if (env.SLACK_BOT_TOKEN) {
    const mode = env.SLACK_MODE ?? (env.SLACK_APP_TOKEN ? "socket" : "http");
    if (mode === "socket" && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_APP_TOKEN"],
        message: "required for Socket Mode (an xapp- token with connections:write)",
      });
    }
    if (!env.SLACK_SIGNING_SECRET && mode === "http") {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "required in HTTP mode (Basic Information → Signing Secret)",
      });
    }
  }
});

export type Env = z.output<typeof envSchema>;

/** Parsed start-up configuration. */
export interface AppConfig {
  discord?: {
    token: string;
    appId: string;
    guildId?: string;
    apiUrl: string;
    /** DISCORD_REST_PROXY_URL: REST through the shared proxy (interaction responses still go to apiUrl). */
    restProxyUrl?: string;
    /** DISCORD_SHARD_IDS / DISCORD_SHARD_COUNT; unset = one shard. */
    shards?: { ids: number[]; count: number } | "auto";
    /** DISCORD_PUBLIC_KEY (+ DISCORD_INTERACTIONS_PATH): serve the Interactions Endpoint URL. */
    interactionsEndpoint?: { publicKey: string; path: string };
  };
  /** `npm run discord:proxy`: where the shared REST proxy listens (its upstream is DISCORD_API_URL). */
  discordProxy: { port: number; host: string; upstream: string };
  slack?: {
    /** Single-workspace mode. */
    botToken?: string;
    /** Installs by any workspace ("Add to Slack"); the adapter builds the installation store from these. */
    oauth?: {
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      encryptionKey: string;
      redirectUri?: string;
    };
    signingSecret?: string;
    appToken?: string;
    mode: "http" | "socket";
    port: number;
    apiUrl: string;
  };
  storeUrl: string;
  /** PostgreSQL connections per process. */
  storePoolSize: number;
  dataDir: string;
  /** True when no platform variable is set at all, or QUICKMEET_SANDBOX=1: serve the local sandbox. */
  sandbox: boolean;
  sandboxPort: number;
  logLevel: LogLevel;
  /** LOG_FORMAT; unset = pretty in a terminal, JSON lines otherwise (decided where stderr is known). */
  logFormat?: "json" | "pretty";
  /** Where /healthz, /readyz and /metrics are served when Slack's HTTP receiver does not serve them. */
  metrics: {
    port: number;
    host: string /** METRICS_PORT was set (the sandbox serves metrics only then). */;
    explicit: boolean;
  };
  /** How long a graceful shutdown waits for work in flight. */
  shutdownTimeoutMs: number;
  /** Variables with our prefixes that quickmeet does not read and that resemble none of ours (logged at start). */
  warnings: string[];
}

/** Problems only the raw environment shows: partial platform settings and likely typos of our variable names. */
function environmentProblems(env: Record<string, string | undefined>, forcedSandbox: boolean) {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const u of unknownVariables(env, KNOWN_VARIABLES)) {
    if (u.meant) errors.push(`  ${u.name}: not a quickmeet variable; did you mean ${u.meant}?`);
    else warnings.push(`${u.name} is set but quickmeet does not read it`);
  }
  if (forcedSandbox) return { errors, warnings };
  const discordSet = DISCORD_VARS.filter((v) => isSet(env[v]));
  if (discordSet.length > 0 && !isSet(env.DISCORD_TOKEN) && !isSet(env.DISCORD_APP_ID)) {
    errors.push(
      `  DISCORD_TOKEN, DISCORD_APP_ID: required when ${discordSet.join(", ")} ${discordSet.length > 1 ? "are" : "is"} set (the bot token and the application id from the Developer Portal); unset ${discordSet.join(", ")} to run without Discord`,
    );
  }
  const slackSet = SLACK_VARS.filter((v) => isSet(env[v]));
  if (slackSet.length > 0 && !isSet(env.SLACK_BOT_TOKEN) && !isSet(env.SLACK_CLIENT_ID)) {
    errors.push(
      `  SLACK_BOT_TOKEN: required when ${slackSet.join(", ")} ${slackSet.length > 1 ? "are" : "is"} set (the Bot User OAuth Token, xoxb-…, from OAuth & Permissions), or SLACK_CLIENT_ID for installs by any workspace; unset ${slackSet.join(", ")} to run without Slack`,
    );
  }
  return { errors, warnings };
}

/** DISCORD_SHARD_COUNT alone runs every shard 0..count-1 here; with DISCORD_SHARD_IDS only those; "auto" asks Discord. */
function discordShards(
  ids: string | undefined,
  count: string | undefined,
): Pick<NonNullable<AppConfig["discord"]>, "shards"> {
  if (count === undefined) return {};
  if (count === "auto") return { shards: "auto" };
  const total = Number(count);
  const mine = ids ? [...new Set(ids.split(",").map((v) => Number(v.trim())))] : [...Array(total).keys()];
  return { shards: { ids: mine, count: total } };
}

/** Parses the environment once; throws ConfigError naming each bad variable and what is expected. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const forcedSandbox = env.QUICKMEET_SANDBOX === "1" || env.QUICKMEET_SANDBOX === "true";
  const { errors, warnings } = environmentProblems(env, forcedSandbox);
  const parsed = envSchema.safeParse(env);
  const lines = [
    ...errors,
    ...(parsed.success ? [] : parsed.error.issues).map(
      (issue) => `  ${issue.path.join(".") || "environment"}: ${issue.message}`,
    ),
  ];
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  const e = parsed.data;
  const config: AppConfig = {
    storeUrl: e.STORE_URL ?? `sqlite://${e.DATA_DIR}/quickmeet.sqlite`,
    storePoolSize: e.STORE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    sandbox: true,
    sandboxPort: e.SANDBOX_PORT,
    logLevel: e.LOG_LEVEL,
    ...(e.LOG_FORMAT ? { logFormat: e.LOG_FORMAT } : {}),
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST ?? "0.0.0.0", explicit: isSet(env.METRICS_PORT) },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    discordProxy: {
      port: e.DISCORD_PROXY_PORT,
      host: e.DISCORD_PROXY_HOST ?? "127.0.0.1",
      upstream: e.DISCORD_API_URL,
    },
    warnings,
  };
  if (forcedSandbox) return config;
  if (e.DISCORD_TOKEN && e.DISCORD_APP_ID) {
    config.discord = {
      token: e.DISCORD_TOKEN,
      appId: e.DISCORD_APP_ID,
      apiUrl: e.DISCORD_API_URL,
      ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
      ...(e.DISCORD_REST_PROXY_URL ? { restProxyUrl: e.DISCORD_REST_PROXY_URL } : {}),
      ...discordShards(e.DISCORD_SHARD_IDS, e.DISCORD_SHARD_COUNT),
      ...(e.DISCORD_PUBLIC_KEY
        ? {
            interactionsEndpoint: {
              publicKey: e.DISCORD_PUBLIC_KEY.toLowerCase(),
              path: e.DISCORD_INTERACTIONS_PATH ?? DEFAULTS.discordInteractionsPath,
            },
          }
        : {}),
    };
  }
  if (e.SLACK_CLIENT_ID) {
    config.slack = {
      oauth: {
        clientId: e.SLACK_CLIENT_ID,
        clientSecret: e.SLACK_CLIENT_SECRET ?? "",
        stateSecret: e.SLACK_STATE_SECRET ?? "",
        encryptionKey: e.SLACK_TOKEN_ENCRYPTION_KEY ?? "",
        ...(e.SLACK_REDIRECT_URI ? { redirectUri: e.SLACK_REDIRECT_URI } : {}),
      },
      mode: "http",
      port: e.SLACK_PORT,
      apiUrl: e.SLACK_API_URL,
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
    };
  } else if (e.SLACK_BOT_TOKEN) {
    config.slack = {
      botToken: e.SLACK_BOT_TOKEN,
      mode: e.SLACK_MODE ?? (e.SLACK_APP_TOKEN ? "socket" : "http"),
      port: e.SLACK_PORT,
      apiUrl: e.SLACK_API_URL,
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    };
  }
  config.sandbox = !config.discord && !config.slack;
  return config;
}
