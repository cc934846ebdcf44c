import { Agent, request } from "node:http";

/**
 * Deliveries use node:http with keep-alive, not fetch: fetch's per-request overhead in this one process would queue a
 * 1,000-click burst on the sender's side and be measured as the app's ack latency. 64 pooled connections stand for the
 * load balancer in front of a production bot (Slack itself opens connections from many machines).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POST a delivery; resolves with the status and body of the app's acknowledgement. */
export function post(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        agent,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
