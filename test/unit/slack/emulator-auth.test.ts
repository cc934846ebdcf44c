import { afterEach, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../emulators/slack/index.ts";

let emu: SlackEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function call(method: string, token: string | undefined, body: Record<string, string> = {}) {
  const res = await fetch(`${emu!.apiUrl}${method}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new URLSearchParams(body).toString(),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe("Slack emulator: OAuth, per-token auth, uninstall", () => {
  it("exchanges an approved code once for a token of that workspace, which auth.test names", async () => {
    emu = await startSlackEmulator();
    const beta = emu.addWorkspace({ teamId: "T0002", users: [{ name: "ann" }] });
    const ann = [...beta.users.values()].find((u) => u.name === "ann")!.id;
    const url = `${emu.authorizeUrl}?client_id=${emu.clientId}&scope=chat:write,commands&state=s1`;
    const back = new URL(emu.oauth.approve(url, beta, ann, "http://app.example/slack/oauth_redirect"));
    expect(back.searchParams.get("state")).toBe("s1");
    const code = back.searchParams.get("code")!;
    const creds = { client_id: emu.clientId, client_secret: emu.clientSecret };
    expect(await call("oauth.v2.access", undefined, { ...creds, client_secret: "wrong", code })).toMatchObject({
      ok: false,
      error: "bad_client_secret",
    });
    const granted = await call("oauth.v2.access", undefined, { ...creds, code });
    expect(granted).toMatchObject({
      ok: true,
      token_type: "bot",
      scope: "chat:write,commands",
      team: { id: "T0002" },
      bot_user_id: beta.botUserId,
      authed_user: { id: ann },
    });
    // A code works once.
    expect(await call("oauth.v2.access", undefined, { ...creds, code })).toMatchObject({ error: "invalid_code" });
    const token = String(granted.access_token);
    expect(await call("auth.test", token)).toMatchObject({ ok: true, team_id: "T0002", user_id: beta.botUserId });
    expect(await call("auth.test", emu.botToken)).toMatchObject({ ok: true, team_id: "T0001" });
  });

  it("answers invalid_auth for a token revoked by apps.uninstall, account_inactive for a deactivated workspace", async () => {
    emu = await startSlackEmulator();
    const beta = emu.addWorkspace({ teamId: "T0002" });
    const gamma = emu.addWorkspace({ teamId: "T0003" });
    const tokenOf = async (ws: typeof beta) => {
      const back = new URL(
        emu!.oauth.approve(`${emu!.authorizeUrl}?client_id=${emu!.clientId}&scope=chat:write`, ws, "U1", "http://x/cb"),
      );
      const granted = await call("oauth.v2.access", undefined, {
        client_id: emu!.clientId,
        client_secret: emu!.clientSecret,
        code: back.searchParams.get("code")!,
      });
      return String(granted.access_token);
    };
    const betaToken = await tokenOf(beta);
    const gammaToken = await tokenOf(gamma);
    expect(
      await call("apps.uninstall", betaToken, { client_id: emu.clientId, client_secret: emu.clientSecret }),
    ).toMatchObject({ ok: true });
    expect(await call("auth.test", betaToken)).toEqual({ ok: false, error: "invalid_auth" });
    expect(await call("chat.postMessage", betaToken, { channel: "C1", text: "hi" })).toEqual({
      ok: false,
      error: "invalid_auth",
    });
    expect(await call("auth.test", gammaToken)).toMatchObject({ ok: true, team_id: "T0003" });
    emu.deactivate(gamma);
    expect(await call("auth.test", gammaToken)).toEqual({ ok: false, error: "account_inactive" });
  });
});
