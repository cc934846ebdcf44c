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
});
