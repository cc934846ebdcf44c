import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { populateErrorResponse, populateSuccessfulResponse } from "@discordjs/proxy";
import { DefaultRestOptions, REST, type RESTOptions, type RequestMethod } from "discord.js";
import type { Logger } from "../../src/logger.ts";

export interface DiscordRestProxyOptions {
  /** Discord's REST base (default https://discord.com/api); the proxy keeps the path's `/v10`. */
  upstream?: string;
  port: number;
  host?: string;
  /** Extra wait added to each bucket reset (discord.js default 50 ms); loopback tests lower it. */
  rateLimitOffsetMs?: number;
  logger?: Logger;
}

/**
 * One REST budget for every process of the bot: each process sets DISCORD_API_URL to this proxy, which sends
 * everything through one discord.js REST instance, so Discord's global limit (50 requests/s per bot) and per-route
 * buckets are counted in one place. Requests keep their own `Authorization` header (forwarded as is).
 */
export async function startDiscordRestProxy(
  options: DiscordRestProxyOptions,
): Promise<{ url: string; rest: REST; close(): Promise<void> }> {
  const rest = new REST({
    api: options.upstream ?? "https://discord.com/api",
    ...(options.rateLimitOffsetMs !== undefined ? { offset: options.rateLimitOffsetMs } : {}),
  });
  const handle = bufferedProxy(rest);
  const server = createServer((req, res) => {
    Promise.resolve(handle(req, res)).catch((error: unknown) => {
      options.logger?.error("discord rest proxy request failed", { error });
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  // Clients hold connections open between bursts; keep-alive avoids a TCP handshake per request.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    rest,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * @discordjs/proxy's `proxyRequests`, except that the body is read into memory first: `proxyRequests` streams the
 * incoming request as the body, so when discord.js retries after a 429 or a 5xx the stream is already spent and
 * Discord receives an empty body (measured: every retried message create failed 50006 "empty message").
 */
function bufferedProxy(rest: REST) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://proxy");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    if (req.headers["content-type"]) headers["Content-Type"] = req.headers["content-type"];
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const reason = req.headers["x-audit-log-reason"];
    if (typeof reason === "string") headers["x-audit-log-reason"] = reason;
    try {
      const response = await rest.queueRequest({
        fullRoute: url.pathname.replace(/^\/api(\/v\d+)?/, "") as `/${string}`,
        method: (req.method ?? "GET") as RequestMethod,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        passThroughBody: true,
        auth: false,
        query: url.searchParams,
        headers,
      });
      await populateSuccessfulResponse(res, response);
    } catch (error) {
      if (!populateErrorResponse(res, error)) throw error;
    } finally {
      res.end();
    }
  };
}

/**
 * The bot process's side: every REST call goes to the proxy except interaction responses (`/interactions/…/callback`
 * and the interaction webhooks `/webhooks/{app}/{token}`), which go straight to Discord. Those are outside the global
 * limit, their buckets are per interaction token (only the process answering ever uses them), and an extra hop could
 * only cost them Discord's 3-second acknowledgement window.
 */
export function viaProxy(proxyApi: string, discordApi: string): RESTOptions["makeRequest"] {
  const interaction = /^\/v\d+\/(interactions|webhooks)\//;
  return (url, init) => {
    const path = url.startsWith(proxyApi) ? url.slice(proxyApi.length) : undefined;
    const target = path !== undefined && interaction.test(path) ? discordApi + path : url;
    return DefaultRestOptions.makeRequest(target, init);
  };
}
