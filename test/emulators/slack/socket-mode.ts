import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

/** What came back for one envelope. `payload` is what the app put in its ack (slash command/interactive replies). */
export interface EnvelopeAck {
  envelopeId: string;
  ackMs: number;
  payload: unknown;
}

interface Pending {
  resolve(ack: EnvelopeAck | undefined): void;
  sentAt: number;
  timer: NodeJS.Timeout;
}

/**
 * Slack's Socket Mode server side: `apps.connections.open` hands out a one-time ws:// URL; on connect the server says
 * `hello`; every delivery is an envelope `{envelope_id, type, payload, accepts_response_payload, retry_attempt}` and
 * the app acks with `{envelope_id, payload?}`. The server pings so the client's server-ping watchdog stays quiet.
 */
export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly pingTimer: NodeJS.Timeout;
  private next = 0;
  private acceptedCount = 0;

  constructor(
    private readonly appId: string,
    private readonly pingEveryMs = 5_000,
  ) {
    this.pingTimer = setInterval(() => {
      for (const socket of this.sockets) socket.ping();
    }, this.pingEveryMs);
    this.pingTimer.unref();
  }

  /** A fresh connection URL, valid once. */
  issueUrl(baseWsUrl: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${baseWsUrl}/link/?ticket=${ticket}&app_id=${this.appId}`;
  }

  get connectionCount(): number {
    return this.sockets.length;
  }

  /** Resolves once at least one app connection has received `hello`. */
  async waitForConnection(timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while (this.sockets.length === 0) {
      if (Date.now() - started > timeoutMs) throw new Error("No Socket Mode connection to the emulator");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://localhost");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/link/" || !this.tickets.delete(ticket)) {
      socket.write("HTTP/1.1 401 Unauthorized\r\n\r\n");
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /**
   * Send one envelope to a connected app (round-robin over connections, as Slack spreads load) and wait up to
   * `waitMs` for its ack; undefined when none came.
   */
  async deliver(
    type: "slash_commands" | "interactive" | "events_api",
    payload: unknown,
    options: { retryAttempt?: number; waitMs: number },
  ): Promise<EnvelopeAck | undefined> {
    const socket = this.sockets[this.next++ % Math.max(1, this.sockets.length)];
    if (!socket) throw new Error("No Socket Mode connection: start the app before delivering");
    const envelopeId = randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== "events_api",
      ...(type === "events_api"
        ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryAttempt ? "timeout" : "" }
        : {}),
    };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve(undefined);
      }, options.waitMs);
      this.pending.set(envelopeId, { resolve, sentAt: performance.now(), timer });
      socket.send(JSON.stringify(envelope));
    });
  }

  /** Slack refreshes Socket Mode connections now and then: it says `disconnect` and the app must reconnect. */
  requestReconnect(reason = "refresh_requested"): number {
    const count = this.sockets.length;
    for (const socket of this.sockets)
      socket.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "emulator" } }));
    return count;
  }

  /** How many connections have been accepted since start (a reconnect adds one). */
  get accepted(): number {
    return this.acceptedCount;
  }

  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const socket of this.sockets) socket.terminate();
    this.sockets.length = 0;
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.acceptedCount += 1;
    this.sockets.push(ws);
    ws.on("message", (data) => this.onMessage(String(data)));
    ws.on("close", () => {
      const index = this.sockets.indexOf(ws);
      if (index >= 0) this.sockets.splice(index, 1);
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.sockets.length,
        debug_info: { host: "emulator", approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  private onMessage(raw: string): void {
    let message: { envelope_id?: string; payload?: unknown };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return;
    }
    const pending = message.envelope_id ? this.pending.get(message.envelope_id) : undefined;
    if (!pending || !message.envelope_id) return;
    clearTimeout(pending.timer);
    this.pending.delete(message.envelope_id);
    pending.resolve({
      envelopeId: message.envelope_id,
      ackMs: performance.now() - pending.sentAt,
      payload: message.payload,
    });
  }
}
