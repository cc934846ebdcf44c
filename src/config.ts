import { z } from "zod";
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
  discordApiUrl: "https://discord.com/api",
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

/** The environment, validated once at start-up. Documented variable by variable in .env.example. */
export const envSchema = z
  .object({
    DISCORD_TOKEN: optional,
    DISCORD_APP_ID: optional,
    DISCORD_GUILD_ID: optional,
    DISCORD_API_URL: url(DEFAULTS.discordApiUrl),
    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_MODE: oneOf(["http", "socket"] as const),
    SLACK_PORT: port(DEFAULTS.slackPort),
    SLACK_API_URL: url(DEFAULTS.slackApiUrl),
    STORE_URL: optional.refine((v) => v === undefined || /^sqlite:\/\/.+/.test(v), {
      message: "expected sqlite://path/to/file.sqlite (shared Redis/PostgreSQL backends are not built yet)",
    }),
    DATA_DIR: optional.transform((v) => v ?? DEFAULTS.dataDir),
    SANDBOX_PORT: port(DEFAULTS.sandboxPort),
    LOG_LEVEL: oneOf(["debug", "info", "warn", "error", "silent"] as const).transform((v) => v ?? DEFAULTS.logLevel),
  })
  .superRefine((env, ctx) => {
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
    if (env.SLACK_BOT_TOKEN && !env.SLACK_BOT_TOKEN.startsWith("xoxb-")) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: 'expected a bot token starting with "xoxb-"',
      });
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
  discord?: { token: string; appId: string; guildId?: string; apiUrl: string };
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    mode: "http" | "socket";
    port: number;
    apiUrl: string;
  };
  storeUrl: string;
  dataDir: string;
  sandboxPort: number;
  logLevel: LogLevel;
}

/** Parses the environment once; throws ConfigError naming each bad variable and what is expected. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "environment"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  const e = parsed.data;
  const config: AppConfig = {
    storeUrl: e.STORE_URL ?? `sqlite://${e.DATA_DIR}/quickmeet.sqlite`,
    dataDir: e.DATA_DIR,
    sandboxPort: e.SANDBOX_PORT,
    logLevel: e.LOG_LEVEL,
  };
  if (e.DISCORD_TOKEN && e.DISCORD_APP_ID) {
    config.discord = {
      token: e.DISCORD_TOKEN,
      appId: e.DISCORD_APP_ID,
      apiUrl: e.DISCORD_API_URL,
      ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
    };
  }
  if (e.SLACK_BOT_TOKEN) {
    config.slack = {
      botToken: e.SLACK_BOT_TOKEN,
      mode: e.SLACK_MODE ?? (e.SLACK_APP_TOKEN ? "socket" : "http"),
      port: e.SLACK_PORT,
      apiUrl: e.SLACK_API_URL,
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    };
  }
  return config;
}
