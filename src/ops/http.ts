import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A GET route served beside the platform's own endpoints (Slack's receiver) or on METRICS_PORT. */
export interface HttpRoute {
  path: string;
  /** GET (and HEAD) unless set: the operations endpoints are read-only; webhooks such as Discord's are POST. */
  method?: "GET" | "POST";
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export interface OpsEndpoints {
  /** Why the process should not get traffic (empty when ready): store, platforms, job engine. */
  readiness(): Promise<string[]>;
  /** The Prometheus scrape body and its content type. */
  metrics(): Promise<{ body: string; contentType: string }>;
}

const send = (res: ServerResponse, status: number, contentType: string, body: string) => {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
};

/** GET /healthz (the process answers), GET /readyz (200, or 503 with the reasons), GET /metrics (Prometheus). */
export function opsRoutes(ops: OpsEndpoints): HttpRoute[] {
  const text = "text/plain; charset=utf-8";
  const failed = (res: ServerResponse, error: unknown) =>
    send(res, 500, text, `error: ${error instanceof Error ? error.message : String(error)}\n`);
  return [
    { path: "/healthz", handler: (_req, res) => send(res, 200, text, "ok\n") },
    {
      path: "/readyz",
      handler: (_req, res) => {
        ops.readiness().then(
          (problems) =>
            problems.length === 0
              ? send(res, 200, text, "ready\n")
              : send(res, 503, text, `not ready:\n${problems.map((p) => `- ${p}`).join("\n")}\n`),
          (error: unknown) => failed(res, error),
        );
      },
    },
    {
      path: "/metrics",
      handler: (_req, res) => {
        ops.metrics().then(
          ({ body, contentType }) => send(res, 200, contentType, body),
          (error: unknown) => failed(res, error),
        );
      },
    },
  ];
}

/** Serves `routes` on their own port (Discord-only or Socket Mode deployments, where no HTTP receiver runs). */
export async function startOpsServer(
  routes: readonly HttpRoute[],
  port: number,
  host: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const route = routes.find((r) => r.path === path);
    if (!route) return send(res, 404, "text/plain; charset=utf-8", "not found\n");
    const method = route.method ?? "GET";
    const allowed = method === "GET" ? req.method === "GET" || req.method === "HEAD" : req.method === method;
    if (!allowed) return send(res, 405, "text/plain; charset=utf-8", `${method} only\n`);
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return {
    url: `http://${shown}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
