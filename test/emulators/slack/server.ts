import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";
import type { OAuthDesk, TokenGrant } from "./oauth.ts";
import type { RateLimiter } from "./rate-limits.ts";
import type { SocketModeServer } from "./socket-mode.ts";
import type { Workspace } from "./state.ts";
import type { RequestLogEntry } from "./types.ts";
import { messageBlocksError } from "./validate.ts";
import { ApiError, type Args, type HandlerContext, handlerFor, requiredScope } from "./web-api.ts";

/** A response_url the emulator handed to the app with a delivery, and what it points at. */
export interface ResponseTarget {
  /** The workspace the delivery came from (default: the emulator's first). */
  ws?: Workspace;
  userId: string;
  channelId: string;
  /** The message that held the clicked button (block actions), for `replace_original`. */
  messageTs?: string;
  uses: number;
}

export interface ServerConfig {
  appToken: string;
  /** Bot tokens the emulator honours, each naming its workspace and scopes (several workspaces: OAuth installs). */
  grants: Map<string, TokenGrant>;
  /** oauth.v2.access: the app's credentials and the codes handed out at approval. */
  oauth: OAuthDesk;
  triggerTtlMs: number;
  /** The rate limiter of a workspace other than the first (default: the shared one). */
  limiterFor?(ws: Workspace): RateLimiter;
  /** Every workspace (upload URLs name a file of any of them). */
  workspaces(): Workspace[];
}

/** Slack caps a response_url at five uses. */
const RESPONSE_URL_USES = 5;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** Parse a Web API body as Slack does: form-encoded or JSON; the token may be in the body or the Authorization header. */
function parseArgs(req: IncomingMessage, raw: Buffer): Args {
  const type = req.headers["content-type"] ?? "";
  const text = raw.toString("utf8");
  if (type.startsWith("application/json")) return text === "" ? {} : (JSON.parse(text) as Args);
  const parsed = parseQuery(text);
  const args: Args = {};
  for (const [key, value] of Object.entries(parsed)) args[key] = Array.isArray(value) ? value[0] : value;
  return args;
}

/**
 * The emulator's HTTP face: `/api/<method>` (Web API), `/upload/v1/<file>` (files.uploadV2 targets), `/response/<id>`
 * (response_url), and the Socket Mode upgrade at `/link/`.
 */
export class EmulatorServer {
  readonly log: RequestLogEntry[] = [];
  readonly responseTargets = new Map<string, ResponseTarget>();
  private readonly server: Server;
  private baseUrl = "";

  constructor(
    private readonly ws: Workspace,
    private readonly limiter: RateLimiter,
    private readonly socket: SocketModeServer,
    private readonly config: ServerConfig,
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
    });
    this.server.on("upgrade", (req, sock, head) => this.socket.handleUpgrade(req, sock, head));
    // Keep-alive sockets from the app's fetch would otherwise hold close() open.
    this.server.keepAliveTimeout = 1_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Register a response_url for a delivery. */
  responseUrl(target: Omit<ResponseTarget, "uses">): string {
    const id = this.ws.nextId("R");
    this.responseTargets.set(id, { ...target, uses: 0 });
    return `${this.baseUrl}/response/${id}`;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const raw = await readBody(req);
    if (req.method !== "POST") {
      send(res, 405, { ok: false, error: "invalid_method" });
      return;
    }
    if (path.startsWith("/api/")) return this.api(req, res, path.slice(5), raw);
    if (path.startsWith("/upload/v1/")) return this.upload(req, res, path.slice(11), raw);
    if (path.startsWith("/response/")) return this.respond(res, path.slice(10), raw);
    send(res, 404, { ok: false, error: "unknown_path" });
  }

  private api(req: IncomingMessage, res: ServerResponse, method: string, raw: Buffer): void {
    const at = performance.now();
    let args: Args;
    try {
      args = parseArgs(req, raw);
    } catch {
      send(res, 200, { ok: false, error: "invalid_json" });
      return;
    }
    const auth =
      req.headers.authorization?.replace(/^Bearer\s+/i, "") ?? (typeof args.token === "string" ? args.token : "");
    const channel = typeof args.channel === "string" ? args.channel : undefined;
    const handler = handlerFor(method);
    const record = (entry: Omit<RequestLogEntry, "method" | "at" | "channel">) =>
      this.log.push({ method, at, ...(channel !== undefined ? { channel } : {}), ...entry });
    if (method === "oauth.v2.access") {
      // Authenticated by the app's client id and secret, not a token (form fields or HTTP Basic).
      const result = this.config.oauth.exchange(args, req.headers.authorization);
      record({
        buckets: [],
        status: 200,
        ok: result.ok === true,
        ...(result.ok ? {} : { error: String(result.error) }),
      });
      send(res, 200, result);
      return;
    }
    if (!handler && method !== "apps.uninstall") {
      record({ buckets: [], status: 200, ok: false, error: "unknown_method" });
      send(res, 200, { ok: false, error: "unknown_method" });
      return;
    }
    const isAppLevel = method === "apps.connections.open";
    const grant = isAppLevel ? undefined : this.config.grants.get(auth);
    // A revoked token (app uninstalled) answers invalid_auth; a deactivated workspace or bot, account_inactive.
    const refused =
      auth === ""
        ? "not_authed"
        : isAppLevel
          ? auth === this.config.appToken
            ? undefined
            : "not_allowed_token_type"
          : !grant || grant.state === "revoked"
            ? "invalid_auth"
            : grant.state === "inactive"
              ? "account_inactive"
              : undefined;
    if (refused) {
      record({ buckets: [], status: 200, ok: false, error: refused });
      send(res, 200, { ok: false, error: refused });
      return;
    }
    const ws = grant?.ws ?? this.ws;
    const scopes = grant?.scopes ?? new Set<string>();
    if (method === "apps.uninstall") {
      const result = this.config.oauth.uninstall(args, ws);
      record({ buckets: [], status: 200, ok: result.ok === true });
      send(res, 200, result);
      return;
    }
    // Slack's limits are per app per workspace: each workspace has its own buckets.
    const taken = (this.config.limiterFor?.(ws) ?? this.limiter).take(method, channel);
    if (!taken.ok) {
      record({ buckets: taken.buckets, status: 429, ok: false, error: "ratelimited" });
      send(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(taken.retryAfterSec) });
      return;
    }
    const headers: Record<string, string> = {};
    if (!isAppLevel) headers["x-oauth-scopes"] = [...scopes].join(",");
    const needed = isAppLevel ? undefined : requiredScope(ws, method, args);
    if (needed) headers["x-accepted-oauth-scopes"] = needed;
    if (needed && !scopes.has(needed)) {
      record({ buckets: taken.buckets, status: 200, ok: false, error: "missing_scope" });
      const body = { ok: false, error: "missing_scope", needed, provided: [...scopes].join(",") };
      send(res, 200, body, headers);
      return;
    }
    const ctx: HandlerContext = {
      ws,
      baseUrl: this.baseUrl,
      socketUrl: () => this.socket.issueUrl(this.baseUrl.replace(/^http/, "ws")),
      triggerTtlMs: this.config.triggerTtlMs,
    };
    if (!handler) throw new Error(`no handler for ${method}`);
    try {
      const result = handler(ctx, args);
      record({ buckets: taken.buckets, status: 200, ok: true });
      send(res, 200, { ok: true, ...result }, headers);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      record({ buckets: taken.buckets, status: 200, ok: false, error: error.code });
      send(res, 200, { ok: false, error: error.code, ...error.extra }, headers);
    }
  }

  /**
   * An upload URL from files.getUploadURLExternal: Slack takes the bytes raw or as the one file part of a
   * multipart/form-data body (what @slack/web-api's files.uploadV2 sends), and answers `OK - <bytes>`.
   */
  private async upload(req: IncomingMessage, res: ServerResponse, fileId: string, raw: Buffer): Promise<void> {
    const file = this.config
      .workspaces()
      .find((w) => w.files.has(fileId))
      ?.files.get(fileId);
    if (!file || file.completed) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("file_not_found");
      return;
    }
    const type = req.headers["content-type"] ?? "";
    let data = raw;
    if (type.startsWith("multipart/form-data")) {
      const form = await new Response(new Uint8Array(raw), { headers: { "content-type": type } }).formData();
      const parts = [...form.values()].filter((v) => v instanceof Blob) as Blob[];
      if (parts.length !== 1) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end("expected exactly one file part");
        return;
      }
      const part = parts[0]!;
      data = Buffer.from(await part.arrayBuffer());
    }
    file.data = data;
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`OK - ${data.length}`);
  }

  /** response_url semantics: ephemeral by default, `in_channel` posts, `replace_original` edits the source message. */
  private respond(res: ServerResponse, id: string, raw: Buffer): void {
    const target = this.responseTargets.get(id);
    if (!target || target.uses >= RESPONSE_URL_USES) {
      send(res, 404, { ok: false, error: "expired_url" });
      return;
    }
    target.uses += 1;
    const body = JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>;
    const text = typeof body.text === "string" ? body.text : "";
    const blocks = Array.isArray(body.blocks) ? body.blocks : [];
    // Slack answers an invalid message at a response_url with HTTP 400 and the bare error as the body.
    const problem = messageBlocksError(blocks);
    if (problem) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(problem.error);
      return;
    }
    const ws = target.ws ?? this.ws;
    const original = target.messageTs ? ws.findMessage(target.channelId, target.messageTs) : undefined;
    if (body.delete_original === true && original) {
      const list = ws.messages.get(target.channelId) ?? [];
      list.splice(list.indexOf(original), 1);
    } else if (body.replace_original === true && original) {
      original.text = text;
      original.blocks = blocks;
      original.edited = true;
    } else {
      const inChannel = body.response_type === "in_channel";
      ws.post({
        channel: target.channelId,
        user: ws.botUserId,
        text,
        blocks,
        ...(inChannel ? {} : { ephemeralFor: target.userId }),
      });
    }
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  }
}
