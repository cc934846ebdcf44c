import { randomBytes } from "node:crypto";
import type { Workspace } from "./state.ts";

/** A bot token the emulator honours: whose it is, what it may do, whether it still works. */
export interface TokenGrant {
  ws: Workspace;
  scopes: Set<string>;
  /** `revoked`: the app was uninstalled (invalid_auth); `inactive`: workspace or bot deactivated (account_inactive). */
  state: "active" | "revoked" | "inactive";
  installerUserId?: string;
}

/** Slack gives a code 10 minutes to be exchanged, once. */
const CODE_TTL_MS = 10 * 60_000;

interface PendingCode {
  ws: Workspace;
  userId: string;
  scopes: string[];
  redirectUri: string | undefined;
  at: number;
}

type Result = Record<string, unknown> & { ok: boolean };

/**
 * The emulator's OAuth v2 side: the authorize page's approval (a code for a workspace, bound to the redirect URI
 * given), `oauth.v2.access` (client credentials + code → a new bot token for that workspace), and `apps.uninstall`
 * (every token of the app in that workspace revoked; the uninstall events are delivered by the emulator).
 */
export class OAuthDesk {
  private readonly codes = new Map<string, PendingCode>();
  /** Called after apps.uninstall revoked a workspace's tokens, to deliver tokens_revoked and app_uninstalled. */
  onUninstall?: (ws: Workspace, botUserId: string) => void;

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
    private readonly grants: Map<string, TokenGrant>,
  ) {}

  /**
   * A member of `ws` clicks "Allow" on the authorize page at `authorizeUrl` (what the app's "Add to Slack" link
   * points at): checks the client id, then answers the redirect Slack would send the browser to, with a code and
   * the app's `state` echoed.
   */
  approve(authorizeUrl: string, ws: Workspace, userId: string, fallbackRedirect?: string): string {
    const url = new URL(authorizeUrl);
    if (url.searchParams.get("client_id") !== this.clientId) throw new Error("invalid_client_id");
    const redirectUri = url.searchParams.get("redirect_uri") ?? undefined;
    const target = redirectUri ?? fallbackRedirect;
    if (!target) throw new Error("no redirect_uri: the app lists none and none was given");
    const code = `${ws.teamId}.${randomBytes(12).toString("hex")}`;
    const scopes = (url.searchParams.get("scope") ?? "").split(",").filter(Boolean);
    this.codes.set(code, { ws, userId, scopes, redirectUri, at: Date.now() });
    const back = new URL(target);
    back.searchParams.set("code", code);
    const state = url.searchParams.get("state");
    if (state) back.searchParams.set("state", state);
    return back.toString();
  }

  /** oauth.v2.access. */
  exchange(args: Record<string, unknown>, authorization: string | undefined): Result {
    let clientId = typeof args.client_id === "string" ? args.client_id : undefined;
    let clientSecret = typeof args.client_secret === "string" ? args.client_secret : undefined;
    if (authorization?.startsWith("Basic ")) {
      const [id, secret] = Buffer.from(authorization.slice(6), "base64").toString("utf8").split(":");
      clientId ??= id;
      clientSecret ??= secret;
    }
    if (clientId !== this.clientId) return { ok: false, error: "invalid_client_id" };
    if (clientSecret !== this.clientSecret) return { ok: false, error: "bad_client_secret" };
    const code = typeof args.code === "string" ? args.code : "";
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (!pending || Date.now() - pending.at > CODE_TTL_MS) return { ok: false, error: "invalid_code" };
    const redirectUri = typeof args.redirect_uri === "string" ? args.redirect_uri : undefined;
    if (pending.redirectUri !== undefined && redirectUri !== pending.redirectUri)
      return { ok: false, error: "bad_redirect_uri" };
    const token = `xoxb-${pending.ws.teamId}-${randomBytes(16).toString("hex")}`;
    this.grants.set(token, {
      ws: pending.ws,
      scopes: new Set(pending.scopes),
      state: "active",
      installerUserId: pending.userId,
    });
    const { ws } = pending;
    return {
      ok: true,
      access_token: token,
      token_type: "bot",
      scope: pending.scopes.join(","),
      bot_user_id: ws.botUserId,
      app_id: ws.appId,
      team: { id: ws.teamId, name: ws.teamName },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: pending.userId },
    };
  }

  /** apps.uninstall, called with one of the app's tokens in `ws`. */
  uninstall(args: Record<string, unknown>, ws: Workspace): Result {
    if (args.client_id !== this.clientId) return { ok: false, error: "invalid_client_id" };
    if (args.client_secret !== this.clientSecret) return { ok: false, error: "bad_client_secret" };
    this.revokeAll(ws);
    return { ok: true };
  }

  /** Every token of the app in `ws` stops working (uninstall from the API or from the workspace's settings). */
  revokeAll(ws: Workspace): void {
    for (const grant of this.grants.values()) if (grant.ws === ws) grant.state = "revoked";
    this.onUninstall?.(ws, ws.botUserId);
  }
}
