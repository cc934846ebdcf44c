import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Json } from "./payloads.ts";
import type { BucketName, RateLimiter } from "./rate-limits.ts";
import type { EmulatorState } from "./state.ts";

/** A Discord JSON error: HTTP status plus Discord's numeric code (e.g. 50013 Missing Permissions). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** Discord's per-field `errors` object (Invalid Form Body). */
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** One multipart file part, `files[index]`. */
export interface UploadedFile {
  index: number;
  filename: string;
  /** The part's Content-Type ("" or application/octet-stream when the client did not know). */
  contentType: string;
  data: Buffer;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  /** Uploaded `files[n]` parts; they become attachments only as the message body says (see messages.ts). */
  files: UploadedFile[];
  now: number;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path after `/api/v10`, with `:name` parameters. */
  pattern: string;
  bucket: BucketName;
  /** Top-level resource the bucket is counted per (channel, guild, webhook+token); "" when none. */
  major: (params: Record<string, string>) => string;
  /** Interaction callbacks and interaction webhooks need no token and skip the global limit. */
  interaction?: boolean;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

/** One line of the request log the driver exposes. */
export interface RequestLogEntry {
  atMs: number;
  method: string;
  pattern: string;
  path: string;
  bucket: BucketName;
  major: string;
  exempt: boolean;
  status: number;
  code?: number;
  global429?: boolean;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

export interface HttpOptions {
  token: string;
  state: EmulatorState;
  limiter: RateLimiter;
  routes: Route[];
  /** Every API request, appended as it is answered (the driver's request log). */
  log: RequestLogEntry[];
  onInvalid: () => void;
}

/** The REST side of the emulator: routing, auth, rate limits, JSON/multipart bodies, request log. */
export function createApiServer(options: HttpOptions): Server {
  const routes = options.routes.map(compile);
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { message: String(error), code: 0 });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, "");
    const method = req.method ?? "GET";
    let match: { route: CompiledRoute; params: Record<string, string> } | undefined;
    for (const route of routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? "");
      });
      match = { route, params };
      break;
    }
    const raw = await readBody(req);
    if (!match) {
      send(res, 404, { message: "404: Not Found", code: 0 });
      return;
    }
    const { route, params } = match;
    const major = route.major(params);
    const entry: RequestLogEntry = {
      atMs: Date.now(),
      method,
      pattern: route.pattern,
      path,
      bucket: route.bucket,
      major,
      exempt: route.interaction === true,
      status: 0,
    };
    options.log.push(entry);
    const finish = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      if (body && typeof body === "object" && "code" in body && typeof body.code === "number") entry.code = body.code;
      if (status === 401 || status === 403 || (status === 429 && headers["X-RateLimit-Scope"] !== "shared")) {
        options.onInvalid();
      }
      send(res, status, body, headers);
      options.state.changed("request");
    };
    if (!route.interaction && req.headers.authorization !== `Bot ${options.token}`) {
      finish(401, { message: "401: Unauthorized", code: 0 });
      return;
    }
    const decision = options.limiter.check(route.bucket, major, route.interaction === true);
    if (!decision.ok) {
      entry.global429 = decision.global === true;
      const retryAfter = Number((decision.retryAfter ?? 0).toFixed(3));
      finish(
        429,
        { message: "You are being rate limited.", retry_after: retryAfter, global: decision.global === true },
        decision.headers,
      );
      return;
    }
    try {
      const { body, files } = await parseBody(req.headers["content-type"], raw);
      options.state.archiveIdleThreads();
      const result = await route.handle({ params, query: url.searchParams, body, files, now: Date.now() });
      finish(result.status, result.body, decision.headers);
    } catch (error) {
      if (error instanceof ApiError)
        finish(
          error.status,
          { message: error.message, code: error.code, ...(error.errors ? { errors: error.errors } : {}) },
          decision.headers,
        );
      else throw error;
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = status === 204 || body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text ? { "Content-Type": "application/json" } : {}) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON bodies, or multipart with `payload_json` plus `files[n]` as discord.js sends attachments. */
async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: Json; files: UploadedFile[] }> {
  if (raw.length === 0) return { body: {}, files: [] };
  if (contentType?.startsWith("multipart/form-data")) {
    const form = await new Request("http://127.0.0.1/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: raw,
    }).formData();
    const files: UploadedFile[] = [];
    let body: Json = {};
    for (const [key, value] of form.entries()) {
      if (key === "payload_json" && typeof value === "string") {
        body = JSON.parse(value) as Json;
        continue;
      }
      if (typeof value === "string") continue;
      const index = /^files\[(\d+)\]$/.exec(key)?.[1];
      if (index === undefined) throw new ApiError(400, 50035, `Invalid Form Body: unexpected multipart field ${key}`);
      files.push({
        index: Number(index),
        filename: value.name,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString("utf8")) as Json, files: [] };
}
