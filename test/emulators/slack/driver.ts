import {
  blockActionPayload,
  eventCallbackPayload,
  sign,
  slashCommandPayload,
  viewSubmissionPayload,
} from "./payloads.ts";
import { post } from "./sender.ts";
import type { EmulatorServer } from "./server.ts";
import type { SocketModeServer } from "./socket-mode.ts";
import type { Workspace } from "./state.ts";
import type { AckRecord, EmuMessage } from "./types.ts";
import { userJson } from "./web-api.ts";

/** Slack's acknowledgement window for commands, actions and events. */
export const ACK_WINDOW_MS = 3_000;

/** Where deliveries go: the app's HTTP endpoint (`/slack/events`) or its Socket Mode connection. */
export type DriverTarget = { kind: "http"; url: string } | { kind: "socket" };

/** Tamper with a delivery's signature to test verification. */
export type SignatureMode = "valid" | "forged" | "stale" | "missing";

export interface DeliveryOptions {
  /** Redeliver as Slack's retry number N (`X-Slack-Retry-Num` over HTTP, `retry_attempt` in Socket Mode). */
  retryNum?: number;
  signature?: SignatureMode;
}

/** What a delivery got back: HTTP status (200 for socket acks, 0 when no ack came), ack time and body. */
export interface Delivery {
  status: number;
  ackMs: number;
  late: boolean;
  body: unknown;
  /** The payload sent, so a test can redeliver it verbatim as a retry. */
  sent: { kind: AckRecord["kind"]; payload: Record<string, unknown> };
}

/** An HTTP delivery's body and signed headers. */
interface EncodedHttp {
  body: string;
  headers: Record<string, string>;
}

/**
 * How long the Socket Mode side waits for an ack before giving up (longer than the window so late acks are measured).
 * Over HTTP no timer is set: Bolt answers every request (404 once its own 3 s unhandled-request timer fires), and a
 * per-request socket timeout costs enough to distort a 1,000-request burst.
 */
const GIVE_UP_MS = 10_000;

/**
 * Plays Slack's side toward the app: signed slash commands, button clicks, modal submissions and events, over HTTP or
 * Socket Mode, timing every acknowledgement against the 3-second window.
 */
export class SlackDriver {
  readonly acks: AckRecord[] = [];
  private actionSeq = 0;
  private eventSeq = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly server: EmulatorServer,
    private readonly socket: SocketModeServer,
    private readonly signingSecret: string,
    readonly target: DriverTarget,
    private readonly hasScope: (scope: string) => boolean = () => true,
  ) {}

  /** Type `/command text` in a channel. */
  async slashCommand(
    userId: string,
    channelId: string,
    text: string,
    options: DeliveryOptions = {},
  ): Promise<Delivery> {
    const payload = slashCommandPayload(this.ws, {
      userId,
      channelId,
      command: "/quickmeet",
      text,
      responseUrl: this.server.responseUrl({ ws: this.ws, userId, channelId }),
      triggerId: this.ws.issueTrigger(userId),
    });
    return this.deliver("slash_commands", payload, options);
  }

  /** Click a button on a message (the message must hold a button with that action id). */
  async click(userId: string, message: EmuMessage, actionId: string, options: DeliveryOptions = {}): Promise<Delivery> {
    return this.prepareClick(userId, message, actionId, options)();
  }

  /**
   * Build (and, over HTTP, encode and sign) a click now; the returned function only sends it. Benches prepare a
   * whole burst first so the sender's own work is not timed as the app's ack latency.
   */
  prepareClick(
    userId: string,
    message: EmuMessage,
    actionId: string,
    options: DeliveryOptions = {},
  ): () => Promise<Delivery> {
    if (!buttonIds(message.blocks).includes(actionId))
      throw new Error(`No button ${actionId} on message ${message.ts}`);
    this.actionSeq += 1;
    const payload = blockActionPayload(this.ws, {
      userId,
      actionId,
      channelId: message.channel,
      messageTs: message.ts,
      isEphemeral: message.ephemeralFor !== undefined,
      triggerId: this.ws.issueTrigger(userId),
      actionTs: `${Math.floor(Date.now() / 1000)}.${String(this.actionSeq).padStart(6, "0")}`,
      responseUrl: this.server.responseUrl({ ws: this.ws, userId, channelId: message.channel, messageTs: message.ts }),
    });
    const encoded = this.target.kind === "http" ? this.encodeHttp("interactive", payload, options) : undefined;
    return () => this.deliver("interactive", payload, options, encoded);
  }

  /** Click a button on a published view (App Home): no channel, no response_url. */
  async clickInView(userId: string, viewId: string, actionId: string): Promise<Delivery> {
    this.actionSeq += 1;
    const payload = blockActionPayload(this.ws, {
      userId,
      actionId,
      viewId,
      triggerId: this.ws.issueTrigger(userId),
      actionTs: `${Math.floor(Date.now() / 1000)}.${String(this.actionSeq).padStart(6, "0")}`,
    });
    return this.deliver("interactive", payload, {});
  }

  /** Submit a modal the app opened, typing `values` (block id → text) into its inputs. */
  async submitView(userId: string, viewId: string, values: Record<string, string>): Promise<Delivery> {
    const payload = viewSubmissionPayload(this.ws, { userId, viewId, values, triggerId: this.ws.issueTrigger(userId) });
    return this.deliver("interactive", payload, {});
  }

  /** Deliver an Events API event; the event id is generated unless given (reuse it to simulate a retry). */
  async event(event: Record<string, unknown>, options: DeliveryOptions & { eventId?: string } = {}): Promise<Delivery> {
    this.eventSeq += 1;
    // Slack's event ids are unique across workspaces; the first workspace keeps the plain form older tests expect.
    const team = this.ws.teamId === "T0001" ? "" : this.ws.teamId;
    const eventId = options.eventId ?? `Ev${team}${String(this.eventSeq).padStart(8, "0")}`;
    return this.deliver("events_api", eventCallbackPayload(this.ws, event, eventId), options);
  }

  /**
   * A member edits their Slack profile (job title, time zone): stored, then `user_change` delivered with the whole
   * user object as users.info returns it (needs users:read, which the app has).
   */
  async updateProfile(userId: string, change: { title?: string; tz?: string }): Promise<Delivery> {
    const user = this.ws.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    Object.assign(user, change);
    const now = Math.floor(Date.now() / 1000);
    return this.event({
      type: "user_change",
      user: userJson(user, this.ws.teamId),
      cache_ts: now,
      event_ts: `${now}.000100`,
    });
  }

  /** A member writes in a channel: stored in the workspace and, when the app may read it, delivered as an event. */
  async userPosts(userId: string, channelId: string, text: string): Promise<Delivery | undefined> {
    const channel = this.ws.channels.get(channelId);
    if (!channel?.members.includes(userId)) throw new Error(`${userId} is not in ${channelId}`);
    const message = this.ws.post({ channel: channelId, user: userId, text, blocks: [] });
    // Slack only sends message.<type> events to apps holding the matching history scope.
    const historyScope = {
      channel: "channels:history",
      private: "groups:history",
      im: "im:history",
      mpim: "mpim:history",
    }[channel.kind];
    if (!this.hasScope(historyScope)) return undefined;
    const channelType = channel.kind === "channel" ? "channel" : channel.kind === "private" ? "group" : channel.kind;
    const event = {
      type: "message",
      channel: channelId,
      user: userId,
      text,
      ts: message.ts,
      event_ts: message.ts,
      channel_type: channelType,
    };
    return this.event(event);
  }

  /** A member opens the app's Home tab. */
  async openHome(userId: string): Promise<Delivery> {
    const dm = this.ws.openIm(userId).channel.id;
    return this.event({ type: "app_home_opened", user: userId, channel: dm, tab: "home", event_ts: this.ws.nextTs() });
  }

  /** Send the same payload again as retry `retryNum` (Slack keeps trigger ids and event ids across retries). */
  async redeliver(sent: Delivery["sent"], retryNum: number): Promise<Delivery> {
    return this.deliver(sent.kind, sent.payload, { retryNum });
  }

  private async deliver(
    kind: AckRecord["kind"],
    payload: Record<string, unknown>,
    options: DeliveryOptions,
    encoded?: EncodedHttp,
  ): Promise<Delivery> {
    const delivery =
      this.target.kind === "http"
        ? await this.overHttp(this.target.url, kind, payload, encoded ?? this.encodeHttp(kind, payload, options))
        : await this.overSocket(kind, payload, options);
    this.acks.push({
      kind,
      transport: this.target.kind,
      ackMs: delivery.ackMs,
      late: delivery.late,
      status: delivery.status,
    });
    this.applyAckBody(kind, payload, delivery.body);
    return delivery;
  }

  /** Body and signed headers of an HTTP delivery (kept apart so a burst can be encoded before it is timed). */
  private encodeHttp(kind: AckRecord["kind"], payload: Record<string, unknown>, options: DeliveryOptions): EncodedHttp {
    const body =
      kind === "slash_commands"
        ? new URLSearchParams(payload as Record<string, string>).toString()
        : kind === "interactive"
          ? new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
          : JSON.stringify(payload);
    const contentType = kind === "events_api" ? "application/json" : "application/x-www-form-urlencoded";
    const mode = options.signature ?? "valid";
    // Slack rejects anything older than five minutes; a stale request is correctly signed but ten minutes old.
    const timestamp = Math.floor(Date.now() / 1000) - (mode === "stale" ? 600 : 0);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
    };
    if (mode !== "missing")
      headers["x-slack-signature"] = sign(mode === "forged" ? "not-the-secret" : this.signingSecret, timestamp, body);
    if (options.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(options.retryNum);
      headers["x-slack-retry-reason"] = "http_timeout";
    }
    return { body, headers };
  }

  private async overHttp(
    url: string,
    kind: AckRecord["kind"],
    payload: Record<string, unknown>,
    encoded: EncodedHttp,
  ): Promise<Delivery> {
    const { body, headers } = encoded;
    const started = performance.now();
    const response = await post(url, headers, body).catch(() => undefined);
    const ackMs = performance.now() - started;
    const text = response?.text ?? "";
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      // Plain-text acks are allowed for slash commands; keep the text.
    }
    const status = response?.status ?? 0;
    return { status, ackMs, late: status === 0 || ackMs > ACK_WINDOW_MS, body: parsed, sent: { kind, payload } };
  }

  private async overSocket(
    kind: AckRecord["kind"],
    payload: Record<string, unknown>,
    options: DeliveryOptions,
  ): Promise<Delivery> {
    const started = performance.now();
    const ack = await this.socket.deliver(kind, payload, {
      waitMs: GIVE_UP_MS,
      ...(options.retryNum !== undefined ? { retryAttempt: options.retryNum } : {}),
    });
    const ackMs = ack?.ackMs ?? performance.now() - started;
    return {
      status: ack ? 200 : 0,
      ackMs,
      late: !ack || ackMs > ACK_WINDOW_MS,
      body: ack?.payload,
      sent: { kind, payload },
    };
  }

  /** A slash command's ack body is shown to the user like an ephemeral response. */
  private applyAckBody(kind: AckRecord["kind"], payload: Record<string, unknown>, body: unknown): void {
    if (kind !== "slash_commands" || typeof body !== "object" || body === null) return;
    const { text, blocks, response_type: type } = body as { text?: unknown; blocks?: unknown; response_type?: unknown };
    if (typeof text !== "string" || text === "") return;
    const userId = String(payload.user_id);
    this.ws.post({
      channel: String(payload.channel_id),
      user: this.ws.botUserId,
      text,
      blocks: Array.isArray(blocks) ? blocks : [],
      ...(type === "in_channel" ? {} : { ephemeralFor: userId }),
    });
  }
}

/** Every button action id in a message's blocks. */
/** Url buttons (Slack opens the address, and still reports the click under the action id). */
export function linkButtons(blocks: unknown[]): Array<{ actionId: string; url: string }> {
  const links: Array<{ actionId: string; url: string }> = [];
  for (const block of blocks as Array<{ type?: string; elements?: Array<Record<string, unknown>> }>) {
    if (block.type !== "actions") continue;
    for (const e of block.elements ?? [])
      if (e.type === "button" && typeof e.url === "string") links.push({ actionId: String(e.action_id), url: e.url });
  }
  return links;
}

export function buttonIds(blocks: unknown[]): string[] {
  const ids: string[] = [];
  for (const block of blocks as Array<{ type?: string; elements?: Array<{ type?: string; action_id?: string }> }>) {
    if (block.type !== "actions") continue;
    for (const element of block.elements ?? [])
      if (element.type === "button" && element.action_id) ids.push(element.action_id);
  }
  return ids;
}
