import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { GatewayIntentBits, GatewayOpcodes } from "discord.js";
import { type WebSocket, WebSocketServer } from "ws";
import { guildCreatePayload, type Json, userPayload } from "./payloads.ts";
import type { EmulatorState } from "./state.ts";

interface Session {
  id: string;
  seq: number;
  intents: number;
  /** Dispatched events kept for RESUME replay. */
  events: Array<{ s: number; t: string; d: Json }>;
  socket: WebSocket | null;
  /** `[shard_id, num_shards]` from IDENTIFY (Discord: `[0, 1]` when omitted). */
  shard: [number, number];
}

/** The shard that receives a guild's events, by Discord's formula: `(guild_id >> 22) % num_shards`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Whether a session receives an event: guild events go to the guild's shard only, the rest (DMs) to shard 0. */
function owns(session: Session, d: Json): boolean {
  const [id, count] = session.shard;
  const guildId = typeof d.guild_id === "string" ? d.guild_id : undefined;
  return guildId === undefined ? id === 0 : shardOf(guildId, count) === id;
}

export interface GatewayStats {
  identifies: number;
  resumes: number;
  heartbeats: number;
  connected: number;
  /** `[shard_id, num_shards]` of every IDENTIFY, in order. */
  shards: Array<[number, number]>;
}

function parseShard(value: unknown): [number, number] | undefined {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value.map(Number) as [number, number];
  return Number.isInteger(id) && Number.isInteger(count) && count >= 1 && id >= 0 && id < count
    ? [id, count]
    : undefined;
}

/** The gateway over `ws`: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay, forced reconnects. */
export class Gateway {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly stats: GatewayStats = { identifies: 0, resumes: 0, heartbeats: 0, connected: 0, shards: [] };
  url = "";

  constructor(
    server: Server,
    private readonly state: EmulatorState,
    private readonly token: string,
    private readonly heartbeatIntervalMs: number,
  ) {
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!req.url?.startsWith("/gateway")) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws));
    });
  }

  /**
   * Send an event to every identified session whose intents include `intent` (undefined = always delivered, like
   * INTERACTION_CREATE). Sessions that are disconnected keep the event for RESUME replay.
   */
  dispatch(t: string, d: Json, intent?: number): void {
    for (const session of this.#sessions.values()) {
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      if (!owns(session, d)) continue;
      const payload = t === "MESSAGE_CREATE" ? this.#redactContent(session, d) : d;
      session.seq++;
      const event = { s: session.seq, t, d: payload };
      session.events.push(event);
      if (session.events.length > 5_000) session.events.shift();
      if (session.socket?.readyState === 1)
        session.socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...event }));
    }
  }

  /** Highest sequence number dispatched to any session (tests wait for the client to catch up to it). */
  sequence(): number {
    return Math.max(0, ...[...this.#sessions.values()].map((s) => s.seq));
  }

  /** Highest sequence number dispatched to the sessions of one shard (a multi-shard test waits per client). */
  sequenceOf(shardId: number, shardCount: number): number {
    const seqs = [...this.#sessions.values()]
      .filter((s) => s.shard[0] === shardId && s.shard[1] === shardCount)
      .map((s) => s.seq);
    return Math.max(0, ...seqs);
  }

  /** Ask every client to reconnect (op 7), as Discord does before moving a session; discord.js resumes. */
  forceReconnect(): void {
    for (const session of this.#sessions.values()) {
      session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
    }
  }

  /** Drop every socket abruptly (close 4000); the client resumes and gets the missed events replayed. */
  dropConnections(): void {
    for (const session of this.#sessions.values()) {
      session.socket?.close(4000, "Unknown error");
      session.socket = null;
    }
  }

  close(): void {
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }

  /** Without Message Content, guild message content is empty unless the bot wrote it or was mentioned. */
  #redactContent(session: Session, d: Json): Json {
    if (session.intents & GatewayIntentBits.MessageContent) return d;
    const author = d.author as Json | null;
    const mentions = (d.mentions as Json[] | undefined) ?? [];
    if (!d.guild_id || author?.id === this.state.botUser.id || mentions.some((m) => m.id === this.state.botUser.id)) {
      return d;
    }
    return { ...d, content: "", embeds: [], attachments: [], components: [] };
  }

  #onConnection(ws: WebSocket): void {
    this.stats.connected++;
    let session: Session | null = null;
    ws.on("close", () => {
      this.stats.connected--;
      if (session && session.socket === ws) session.socket = null;
      this.state.changed("gateway");
    });
    ws.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Json | number | null };
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          this.stats.heartbeats++;
          ws.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
          break;
        case GatewayOpcodes.Identify: {
          const d = payload.d as Json;
          if (d.token !== this.token) {
            ws.close(4004, "Authentication failed");
            return;
          }
          const shard = parseShard(d.shard);
          if (!shard) {
            // Discord closes with 4010 Invalid shard for a shard id outside [0, num_shards).
            ws.close(4010, "Invalid shard");
            return;
          }
          this.stats.identifies++;
          this.stats.shards.push(shard);
          session = { id: this.state.ids.next(), seq: 0, intents: Number(d.intents), events: [], socket: ws, shard };
          this.#sessions.set(session.id, session);
          this.#ready(session);
          break;
        }
        case GatewayOpcodes.Resume: {
          const d = payload.d as Json;
          const existing = this.#sessions.get(String(d.session_id));
          if (!existing || d.token !== this.token) {
            ws.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
            return;
          }
          this.stats.resumes++;
          session = existing;
          session.socket?.close(4000);
          session.socket = ws;
          const from = Number(d.seq);
          for (const event of session.events) {
            if (event.s > from) ws.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...event }));
          }
          session.seq++;
          ws.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, s: session.seq, t: "RESUMED", d: {} }));
          this.state.changed("gateway");
          break;
        }
        default:
          break;
      }
    });
    ws.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
  }

  #ready(session: Session): void {
    const send = (t: string, d: Json) => {
      session.seq++;
      const event = { s: session.seq, t, d };
      session.events.push(event);
      session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...event }));
    };
    send("READY", {
      v: 10,
      user: { ...userPayload(this.state.botUser), verified: true, mfa_enabled: false, flags: 0 },
      guilds: [...this.state.guilds.keys()]
        .filter((id) => owns(session, { guild_id: id }))
        .map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: `${this.url}-resume`,
      shard: session.shard,
      application: { id: this.state.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      user_settings: {},
      _trace: ["quickmeet-emulator"],
    });
    const allMembers = (session.intents & GatewayIntentBits.GuildMembers) !== 0;
    for (const guildId of this.state.guilds.keys()) {
      if (owns(session, { guild_id: guildId }))
        send("GUILD_CREATE", guildCreatePayload(this.state, guildId, allMembers));
    }
    this.state.changed("gateway");
  }
}
