import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toPlatformError } from "../../../adapters/slack/errors.ts";
import { REQUIRED_SCOPES } from "../../../adapters/slack/platform.ts";

const platformError = (data: Record<string, string>) =>
  Object.assign(new Error("An API error occurred"), {
    code: "slack_webapi_platform_error",
    data: { ok: false, ...data },
  });

describe("Slack errors", () => {
  it("turns missing_scope into missing-permission naming the scope", () => {
    const e = toPlatformError(
      platformError({ error: "missing_scope", needed: "mpim:write", provided: "chat:write" }),
      "open a group DM",
    );
    expect(e.code).toBe("missing-permission");
    expect(e.details.permission).toBe("mpim:write");
    expect(e.message).toContain("mpim:write");
  });

  it("types unreachable members, capacity and rate limits", () => {
    expect(toPlatformError(platformError({ error: "user_not_found" }), "x").code).toBe("unreachable-member");
    expect(toPlatformError(platformError({ error: "too_many_users" }), "x").code).toBe("space-capacity");
    const limited = toPlatformError(
      Object.assign(new Error("rl"), { code: "slack_webapi_rate_limited_error", retryAfter: 7 }),
      "x",
    );
    expect(limited.code).toBe("rate-limited");
    expect(limited.details.retryAfterMs).toBe(7_000);
    expect(toPlatformError(platformError({ error: "not_in_channel" }), "post").details.permission).toBe(
      "channel membership",
    );
  });
});

describe("Slack manifest", () => {
  const manifest = readFileSync(new URL("../../../adapters/slack/manifest.yaml", import.meta.url), "utf8");
  const scopes = [...manifest.matchAll(/^ {6}- ([a-z]+:[a-z]+|commands)\b/gm)].map((m) => m[1]);

  it("asks for every scope the adapter checks, and no scope twice", () => {
    for (const { scope } of REQUIRED_SCOPES) expect(scopes).toContain(scope);
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it("registers /quickmeet with escaped mentions, interactivity and the events the adapter listens to", () => {
    expect(manifest).toContain("command: /quickmeet");
    expect(manifest).toContain("should_escape: true");
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    for (const event of ["app_home_opened", "message.mpim", "user_change"]) expect(manifest).toContain(`- ${event}`);
  });
});
