import { type DriverTarget, SlackDriver } from "./driver.ts";
import { OAuthDesk, type TokenGrant } from "./oauth.ts";
import { lowerBoundMs, RateLimiter, type RateLimitOptions } from "./rate-limits.ts";
import { EmulatorServer } from "./server.ts";
import { SocketModeServer } from "./socket-mode.ts";
import { Workspace, type WorkspaceSeed } from "./state.ts";
import type { EmuChannel, EmuFile, EmuMessage, EmuView, RequestLogEntry } from "./types.ts";

export { ACK_WINDOW_MS, buttonIds, type Delivery, type DriverTarget, SlackDriver } from "./driver.ts";
export { lowerBoundMs, METHOD_TIER, PACER_RATES, type RateLimitOptions, TIERS } from "./rate-limits.ts";
export type { AckRecord, EmuChannel, EmuFile, EmuMessage, EmuUser, EmuView, RequestLogEntry } from "./types.ts";

/** Every scope the quickmeet manifest asks for; the emulator grants these unless told otherwise. */
export const ALL_SCOPES = [
  "chat:write",
  "commands",
  "mpim:write",
  "mpim:history",
  "im:write",
  "users:read",
  "channels:read",
  "groups:read",
  "files:write",
];

export interface SlackEmulatorOptions {
  seed?: WorkspaceSeed;
  /** Bot token scopes (default: ALL_SCOPES). */
  scopes?: readonly string[];
  rateLimits?: RateLimitOptions;
  signingSecret?: string;
  /** Trigger id lifetime for views.open (Slack: 3 s). */
  triggerTtlMs?: number;
}

/**
 * A Slack Web API + Socket Mode emulator on 127.0.0.1 for the unmodified @slack/bolt and @slack/web-api clients.
 * Point the app at `apiUrl` (`clientOptions.slackApiUrl`), drive it with `driver(...)`, inspect with the readers.
 */
export class SlackEmulator {
  readonly botToken = "xoxb-emulator-token";
  readonly appToken = "xapp-emulator-token";
  readonly signingSecret: string;
  readonly workspace: Workspace;
  /** Every workspace, the first one included (`addWorkspace` adds more, for OAuth installs). */
  readonly workspaces: Workspace[] = [];
  readonly clientId = "emulator-client-id";
  readonly clientSecret = "emulator-client-secret";
  /** Approvals, oauth.v2.access and apps.uninstall. */
  readonly oauth: OAuthDesk;
  readonly limiter: RateLimiter;
  private readonly grants = new Map<string, TokenGrant>();
  /** Where uninstall events go: the target of the latest driver made. */
  private eventsTarget: DriverTarget | undefined;
  private readonly pendingDeliveries = new Set<Promise<unknown>>();
  private readonly otherLimiters = new Map<Workspace, RateLimiter>();
  private readonly scopes: Set<string>;
  private readonly socket: SocketModeServer;
  private readonly server: EmulatorServer;
  private baseUrl = "";

  constructor(options: SlackEmulatorOptions = {}) {
    this.signingSecret = options.signingSecret ?? "emulator-signing-secret";
    this.workspace = new Workspace(options.seed);
    this.workspaces.push(this.workspace);
    this.limiter = new RateLimiter(options.rateLimits);
    this.scopes = new Set(options.scopes ?? ALL_SCOPES);
    // The first workspace's token works from the start (single-workspace mode, SLACK_BOT_TOKEN).
    this.grants.set(this.botToken, { ws: this.workspace, scopes: this.scopes, state: "active" });
    this.oauth = new OAuthDesk(this.clientId, this.clientSecret, this.grants);
    this.oauth.onUninstall = (ws, botUserId) => this.deliverUninstall(ws, botUserId);
    this.socket = new SocketModeServer(this.workspace.appId);
    this.server = new EmulatorServer(this.workspace, this.limiter, this.socket, {
      appToken: this.appToken,
      grants: this.grants,
      oauth: this.oauth,
      triggerTtlMs: options.triggerTtlMs ?? 3_000,
      workspaces: () => this.workspaces,
      limiterFor: (ws) => {
        if (ws === this.workspace) return this.limiter;
        let limiter = this.otherLimiters.get(ws);
        if (!limiter) {
          limiter = new RateLimiter(options.rateLimits);
          this.otherLimiters.set(ws, limiter);
        }
        return limiter;
      },
    });
  }

  async start(): Promise<this> {
    this.baseUrl = await this.server.listen();
    return this;
  }

  async stop(): Promise<void> {
    await this.socket.close();
    await this.server.close();
  }

  /** Base URL for `clientOptions.slackApiUrl` (ends with a slash, like https://slack.com/api/). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** Slack's authorize page (`installerOptions.authorizationUrl`), where "Add to Slack" sends the browser. */
  get authorizeUrl(): string {
    return `${this.baseUrl}/oauth/v2/authorize`;
  }

  get teamId(): string {
    return this.workspace.teamId;
  }

  get botUserId(): string {
    return this.workspace.botUserId;
  }

  /** A response_url as Slack hands one out with a slash command (tests that post to it directly). */
  responseUrl(channelId: string, userId: string): string {
    return this.server.responseUrl({ channelId, userId });
  }

  /** A driver delivering to the app's HTTP endpoint or its Socket Mode connection, as members of `ws`. */
  driver(target: DriverTarget, ws: Workspace = this.workspace): SlackDriver {
    this.eventsTarget = target;
    return new SlackDriver(ws, this.server, this.socket, this.signingSecret, target, (s) => this.scopesOf(ws).has(s));
  }

  /**
   * Another workspace on the same emulator (the app is not installed there until a member approves an install).
   * Its ids are unique across workspaces, as Slack's are.
   */
  addWorkspace(seed: WorkspaceSeed & { teamId: string }): Workspace {
    const n = this.workspaces.length;
    const ws = new Workspace({ idBase: n * 10_000, botUserId: `UBOT${String(n + 1).padStart(4, "0")}`, ...seed });
    this.workspaces.push(ws);
    return ws;
  }

  /** The grants (tokens) the app holds in `ws`. */
  tokensOf(ws: Workspace): Array<{ token: string } & TokenGrant> {
    return [...this.grants].filter(([, g]) => g.ws === ws).map(([token, g]) => ({ token, ...g }));
  }

  /** A workspace admin removes the app (Settings → Manage apps): its tokens stop working and the events go out. */
  uninstallFrom(ws: Workspace): void {
    this.oauth.revokeAll(ws);
  }

  /** The workspace or its bot is deactivated: its tokens answer account_inactive. */
  deactivate(ws: Workspace): void {
    for (const grant of this.grants.values()) if (grant.ws === ws) grant.state = "inactive";
  }

  /** Resolves once every event the emulator sent on its own (uninstall) was acknowledged. */
  async deliveriesSettled(): Promise<void> {
    while (this.pendingDeliveries.size > 0) await Promise.allSettled([...this.pendingDeliveries]);
  }

  private scopesOf(ws: Workspace): Set<string> {
    if (ws === this.workspace) return this.scopes;
    return this.tokensOf(ws).find((g) => g.state === "active")?.scopes ?? new Set();
  }

  /** Slack sends tokens_revoked, then app_uninstalled, to the app's Request URL. */
  private deliverUninstall(ws: Workspace, botUserId: string): void {
    if (!this.eventsTarget) return;
    const driver = this.driver(this.eventsTarget, ws);
    const sent = (async () => {
      await driver.event({ type: "tokens_revoked", tokens: { bot: [botUserId] }, event_ts: ws.nextTs() });
      await driver.event({ type: "app_uninstalled", event_ts: ws.nextTs() });
    })();
    this.pendingDeliveries.add(sent);
    void sent.finally(() => this.pendingDeliveries.delete(sent));
  }

  /** Resolves when the app's Socket Mode client is connected. */
  waitForSocket(timeoutMs?: number): Promise<void> {
    return this.socket.waitForConnection(timeoutMs);
  }

  /** Ask every Socket Mode connection to reconnect (Slack's `disconnect` with `refresh_requested`). */
  requestSocketReconnect(): number {
    return this.socket.requestReconnect();
  }

  /** Socket Mode connections accepted so far. */
  get socketConnections(): number {
    return this.socket.accepted;
  }

  /** Replace the bot token's scopes (e.g. drop `mpim:write` to test the missing-scope report). */
  setScopes(scopes: readonly string[]): void {
    this.scopes.clear();
    for (const scope of scopes) this.scopes.add(scope);
  }

  // ── inspection ────────────────────────────────────────────────────────────────────────────────────────────────

  /** Messages everyone in the channel sees (ephemeral ones excluded unless asked). */
  messagesIn(channelId: string, options: { ephemeral?: boolean } = {}): EmuMessage[] {
    const all = this.holderOf(channelId).messages.get(channelId) ?? [];
    return options.ephemeral ? [...all] : all.filter((m) => m.ephemeralFor === undefined);
  }

  /** Ephemeral messages shown to one user, in any channel. */
  ephemeralsFor(userId: string): EmuMessage[] {
    return this.workspaces.flatMap((w) => [...w.messages.values()].flat()).filter((m) => m.ephemeralFor === userId);
  }

  /** The bot's DM messages to the user plus ephemerals shown only to them. */
  privateMessagesOf(userId: string): EmuMessage[] {
    const dm = this.dmOf(userId);
    const direct = dm ? this.messagesIn(dm) : [];
    return [...direct, ...this.ephemeralsFor(userId)].sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  /** Every group DM opened so far (in `ws`, default the first workspace). */
  mpims(ws: Workspace = this.workspace): EmuChannel[] {
    return [...ws.channels.values()].filter((c) => c.kind === "mpim");
  }

  /** The workspace holding a conversation (ids are unique across workspaces); the first one when none does. */
  holderOf(channelId: string): Workspace {
    return this.workspaces.find((w) => w.channels.has(channelId)) ?? this.workspace;
  }

  /** Members of a conversation, the bot included. */
  membersOf(channelId: string): string[] {
    return [...(this.holderOf(channelId).channels.get(channelId)?.members ?? [])];
  }

  /** Views published or opened for a user (App Home and modals). */
  viewsOf(userId: string, type?: EmuView["type"]): EmuView[] {
    return [...this.workspace.views.values()].filter(
      (v) => v.userId === userId && (type === undefined || v.type === type),
    );
  }

  /** Every file the app uploaded (completed or not), in upload order. */
  files(): EmuFile[] {
    return [...this.workspace.files.values()];
  }

  /** Files shared into a conversation by files.completeUploadExternal. */
  filesIn(channelId: string): EmuFile[] {
    return this.files().filter((f) => f.channels.includes(channelId));
  }

  /** The bot's DM with a user, if it was ever opened. */
  dmOf(userId: string): string | undefined {
    for (const w of this.workspaces) {
      const dm = w.imOf(userId);
      if (dm) return dm;
    }
    return undefined;
  }

  /** The Web API request log, optionally for one method. */
  requests(method?: string): RequestLogEntry[] {
    return this.server.log.filter((r) => method === undefined || r.method === method);
  }

  /** How many calls were answered 429. */
  count429(method?: string): number {
    return this.requests(method).filter((r) => r.status === 429).length;
  }

  /**
   * The least time the emulator's buckets allow for the accepted calls in `[from, to]`, assuming every bucket was
   * full at `from`: per bucket, the burst at once and the rest at the (scaled) refill rate; the slowest bucket wins.
   */
  lowerBoundMs(from: number, to: number): { ms: number; bucket: string; calls: number } {
    const counts = new Map<string, number>();
    for (const entry of this.server.log) {
      if (entry.at < from || entry.at > to || entry.status !== 200) continue;
      for (const bucket of entry.buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
    let best = { ms: 0, bucket: "", calls: 0 };
    for (const [bucket, calls] of counts) {
      const method = bucket.startsWith("post:") ? "chat.postMessage" : bucket.slice(bucket.indexOf(":") + 1);
      const channel = bucket.startsWith("post:") && bucket !== "post:workspace" ? bucket.slice(5) : undefined;
      const spec = this.limiter.bucketsFor(method, channel).find((b) => b.key === bucket)?.spec;
      if (!spec) continue;
      const ms = lowerBoundMs(calls, this.limiter.effective(spec));
      if (ms > best.ms) best = { ms, bucket, calls };
    }
    return best;
  }
}

/** Create and start an emulator. */
export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  return new SlackEmulator(options).start();
}
