import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../../src/logger.ts";
import type { InboundResult, SandboxInbound } from "./inbound.ts";
import { SEED_MEMBERS } from "./members.ts";
import { spaceView, viewerState } from "./view.ts";
import type { SandboxWorld } from "./world.ts";

/** What the HTTP layer needs from the adapter. */
export interface ServerDeps {
  world: SandboxWorld;
  inbound: SandboxInbound;
  channelId: string;
  logger: Logger;
  time(): { now: number; skippedMs: number; nextDueAt: number | undefined };
  /** Runs simulated members' pending steps, then skips to the next bot deadline that changes something. */
  fastForward(): Promise<{ skippedMs: number; moved: boolean }>;
  /** Counts live page connections per member: autoplay leaves members a viewer is acting as alone. */
  viewers: Map<string, number>;
}

const PUBLIC_DIR = new URL("./public/", import.meta.url);
const STATIC: Record<string, string> = {
  "/": "index.html",
  "/index.html": "index.html",
  "/app.js": "app.js",
  "/render.js": "render.js",
  "/style.css": "style.css",
};
const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};
const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(json);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, "Request body too large.");
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the 400 below.
  }
  throw new HttpError(400, "Expected a JSON object.");
}

const str = (body: Record<string, unknown>, key: string): string => {
  const value = body[key];
  if (typeof value !== "string") throw new HttpError(400, `"${key}" must be a string.`);
  return value;
};

/** The sandbox's HTTP surface: static page, a JSON API that answers per viewer, and server-sent events. */
export function createSandboxServer(deps: ServerDeps): Server {
  const { world } = deps;
  const viewer = (url: URL, body?: Record<string, unknown>): string => {
    const id = body && typeof body.as === "string" ? body.as : (url.searchParams.get("as") ?? "");
    if (!world.members.has(id)) throw new HttpError(400, `Unknown viewer "${id}": pass ?as=<member id>.`);
    return id;
  };
  const answer = (res: ServerResponse, result: InboundResult) =>
    result.ok ? send(res, 200, result) : send(res, result.status, { ok: false, error: result.error });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (req.method === "GET" && STATIC[path]) return serveStatic(res, STATIC[path]);
    if (req.method === "GET" && path === "/api/world") {
      return send(res, 200, {
        community: world.community,
        channel: { id: deps.channelId, name: world.channels.get(deps.channelId)?.name ?? deps.channelId },
        members: [...world.members.values()].map((m) => ({
          ...m,
          field: SEED_MEMBERS.find((s) => s.id === m.id)?.profile.field ?? "",
        })),
      });
    }
    if (req.method === "GET" && path === "/api/state") {
      return send(res, 200, viewerState(world, viewer(url), deps.channelId, deps.time()));
    }
    const spaceMatch = /^\/api\/spaces\/([\w-]+)(\/messages)?$/.exec(path);
    if (spaceMatch?.[1] && req.method === "GET" && !spaceMatch[2]) {
      const as = viewer(url);
      const space = world.spaces.get(spaceMatch[1]);
      // Same answer whether the space exists or not: a member learns nothing about other groups.
      if (!space?.members.includes(as)) throw new HttpError(404, "No such space for this member.");
      return send(res, 200, spaceView(world, space));
    }
    if (req.method === "GET" && path === "/api/events") return events(req, res, viewer(url));
    if (req.method !== "POST") throw new HttpError(404, "Not found.");
    const body = await readJson(req);
    const as = viewer(url, body);
    if (spaceMatch?.[1] && spaceMatch[2])
      return answer(res, await deps.inbound.write(as, spaceMatch[1], str(body, "text")));
    switch (path) {
      case "/api/command":
        return answer(res, await deps.inbound.command(as, str(body, "text")));
      case "/api/action":
        return answer(res, await deps.inbound.click(as, str(body, "messageId"), str(body, "actionId")));
      case "/api/form": {
        const values = body.values;
        if (!values || typeof values !== "object") throw new HttpError(400, '"values" must be an object.');
        const clean = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v ?? "")]));
        return answer(res, await deps.inbound.submitForm(as, str(body, "formId"), clean));
      }
      case "/api/fast-forward":
        return send(res, 200, { ok: true, ...(await deps.fastForward()) });
      default:
        throw new HttpError(404, "Not found.");
    }
  }

  async function serveStatic(res: ServerResponse, file: string): Promise<void> {
    const content = await readFile(new URL(file, PUBLIC_DIR));
    const type = TYPES[file.split(".").pop() ?? ""] ?? "application/octet-stream";
    res.writeHead(200, { "content-type": type, "cache-control": "no-cache" });
    res.end(content);
  }

  /** Server-sent events: a `change` with the world version whenever anything changes; the page refetches its view. */
  function events(req: IncomingMessage, res: ServerResponse, as: string): void {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    deps.viewers.set(as, (deps.viewers.get(as) ?? 0) + 1);
    let queued = false;
    const push = () => {
      if (queued) return;
      queued = true;
      // Coalesce bursts (a round opening posts dozens of messages) into one refetch.
      setTimeout(() => {
        queued = false;
        if (!res.destroyed) res.write(`event: change\ndata: ${JSON.stringify({ version: world.version })}\n\n`);
      }, 25);
    };
    res.write(`event: change\ndata: ${JSON.stringify({ version: world.version })}\n\n`);
    const unsubscribe = world.onChange(push);
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
    req.on("close", () => {
      unsubscribe();
      clearInterval(heartbeat);
      const left = (deps.viewers.get(as) ?? 1) - 1;
      if (left > 0) deps.viewers.set(as, left);
      else deps.viewers.delete(as);
    });
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    route(req, res, url).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, { ok: false, error: error.message });
      deps.logger.error("sandbox request failed", { path: url.pathname, error });
      if (!res.headersSent) send(res, 500, { ok: false, error: "The sandbox failed; see the server log." });
      else res.end();
    });
  });
}
