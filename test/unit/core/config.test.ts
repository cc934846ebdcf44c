import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";

describe("configuration from the environment", () => {
  it("needs nothing to start the sandbox, with a SQLite file in ./data", () => {
    const config = loadConfig({});
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
    expect(config.storeUrl).toBe("sqlite://./data/quickmeet.sqlite");
    expect(config.sandboxPort).toBe(8787);
  });

  it("treats empty lines from .env as unset", () => {
    expect(loadConfig({ DISCORD_TOKEN: "", SLACK_BOT_TOKEN: "", LOG_LEVEL: "" }).discord).toBeUndefined();
  });

  it("names each bad variable and what is expected", () => {
    expect(() => loadConfig({ SANDBOX_PORT: "99999", LOG_LEVEL: "loud" })).toThrowError(
      /SANDBOX_PORT: expected a port number 0-65535, got "99999"[\s\S]*LOG_LEVEL: expected debug, info/,
    );
    expect(() => loadConfig({ DISCORD_TOKEN: "abc" })).toThrowError(
      /DISCORD_APP_ID: required when DISCORD_TOKEN is set/,
    );
  });

  it("checks Slack token kinds and the secret each mode needs", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxp-user" })).toThrowError(
      /SLACK_BOT_TOKEN: expected a bot token starting with "xoxb-"/,
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrowError(/SLACK_SIGNING_SECRET: required in HTTP mode/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_MODE: "socket" })).toThrowError(
      /SLACK_APP_TOKEN: required for Socket Mode/,
    );
    const socket = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" });
    expect(socket.slack?.mode).toBe("socket");
  });

  it("configures Add to Slack installs from SLACK_CLIENT_ID, naming each missing or bad variable", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const oauth = {
      SLACK_CLIENT_ID: "123.456",
      SLACK_CLIENT_SECRET: "secret",
      SLACK_STATE_SECRET: "state",
      SLACK_SIGNING_SECRET: "signing",
      SLACK_TOKEN_ENCRYPTION_KEY: key,
      SLACK_REDIRECT_URI: "https://qm.example.org/slack/oauth_redirect",
    };
    const config = loadConfig(oauth);
    expect(config.slack?.botToken).toBeUndefined();
    expect(config.slack?.mode).toBe("http");
    expect(config.slack?.oauth).toMatchObject({ clientId: "123.456", encryptionKey: key });
    const { SLACK_TOKEN_ENCRYPTION_KEY: _, ...noKey } = oauth;
    expect(() => loadConfig(noKey)).toThrowError(/SLACK_TOKEN_ENCRYPTION_KEY: required with SLACK_CLIENT_ID/);
    expect(() => loadConfig({ ...oauth, SLACK_TOKEN_ENCRYPTION_KEY: "c2hvcnQ=" })).toThrowError(
      /SLACK_TOKEN_ENCRYPTION_KEY: expected 32 bytes in base64/,
    );
    expect(() => loadConfig({ ...oauth, SLACK_BOT_TOKEN: "xoxb-1" })).toThrowError(/not both/);
    expect(() => loadConfig({ ...oauth, SLACK_REDIRECT_URI: "https://qm.example.org/" })).toThrowError(
      /SLACK_REDIRECT_URI: expected the public URL of \/slack\/oauth_redirect/,
    );
  });

  it("serves both platforms from one process when both are configured", () => {
    const config = loadConfig({
      DISCORD_TOKEN: "t",
      DISCORD_APP_ID: "1",
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
    });
    expect(config.discord?.apiUrl).toBe("https://discord.com/api");
    expect(config.slack?.mode).toBe("http");
  });

  it("refuses a store URL it cannot open", () => {
    expect(() => loadConfig({ STORE_URL: "mysql://x" })).toThrowError(/STORE_URL: expected sqlite:\/\//);
  });

  it("refuses a partial Slack or Discord configuration instead of quietly serving the sandbox", () => {
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: "s" })).toThrowError(
      /SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set/,
    );
    expect(() => loadConfig({ SLACK_APP_TOKEN: "xapp-1", SLACK_MODE: "socket" })).toThrowError(
      /SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN, SLACK_MODE are set/,
    );
    expect(() => loadConfig({ DISCORD_GUILD_ID: "123" })).toThrowError(
      /DISCORD_TOKEN, DISCORD_APP_ID: required when DISCORD_GUILD_ID is set/,
    );
    expect(() => loadConfig({ DISCORD_APP_ID: "1" })).toThrowError(/DISCORD_TOKEN: required when DISCORD_APP_ID/);
  });

  it("names a misspelled variable of ours and the one it probably meant", () => {
    expect(() => loadConfig({ DISCORD_TOKN: "t", DISCORD_APP_ID: "1" })).toThrowError(
      /DISCORD_TOKN: not a quickmeet variable; did you mean DISCORD_TOKEN\?/,
    );
    expect(() => loadConfig({ SLACK_SIGNING_SECERT: "s", SLACK_BOT_TOKEN: "xoxb-1" })).toThrowError(
      /SLACK_SIGNING_SECERT: [^\n]*did you mean SLACK_SIGNING_SECRET\?/,
    );
    expect(() => loadConfig({ QUICKMEET_SANDBOXX: "1" })).toThrowError(/did you mean QUICKMEET_SANDBOX\?/);
    // Someone else's variable with our prefix is only mentioned, not fatal.
    const config = loadConfig({ SLACK_WEBHOOK_URL: "https://hooks.example/x" });
    expect(config.sandbox).toBe(true);
    expect(config.warnings).toEqual(["SLACK_WEBHOOK_URL is set but quickmeet does not read it"]);
  });

  it("serves the sandbox only with no platform variable at all, or when asked with QUICKMEET_SANDBOX=1", () => {
    expect(loadConfig({}).sandbox).toBe(true);
    const both = { DISCORD_TOKEN: "t", DISCORD_APP_ID: "1", SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };
    expect(loadConfig(both).sandbox).toBe(false);
    const forced = loadConfig({ ...both, QUICKMEET_SANDBOX: "1" });
    expect(forced.sandbox).toBe(true);
    expect(forced.discord).toBeUndefined();
    expect(forced.slack).toBeUndefined();
  });

  it("reads the operations settings: log format, metrics port, shutdown deadline", () => {
    const config = loadConfig({ LOG_FORMAT: "json", METRICS_PORT: "9100", SHUTDOWN_TIMEOUT_MS: "5000" });
    expect(config).toMatchObject({
      logFormat: "json",
      metrics: { port: 9100, explicit: true },
      shutdownTimeoutMs: 5000,
    });
    expect(loadConfig({}).metrics).toMatchObject({ port: 9464, explicit: false });
    expect(() => loadConfig({ LOG_FORMAT: "xml" })).toThrowError(/LOG_FORMAT: expected json, pretty/);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: "soon" })).toThrowError(
      /SHUTDOWN_TIMEOUT_MS: expected a whole number/,
    );
  });
});
