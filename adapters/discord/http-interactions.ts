import { createPublicKey, type KeyObject, verify } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../src/logger.ts";
import type { HttpRoute } from "../../src/ops/http.ts";

/** DER header of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
/** Interaction payloads are a few kilobytes; anything far larger is not from Discord. */
const MAX_BODY_BYTES = 1_048_576;
/** Discord's window for the first response: the POST is answered by then at the latest. */
const ACK_WINDOW_MS = 3_000;

/** The application's public key (hex, from the Developer Portal → General Information) as a node:crypto key. */
export function discordPublicKey(hex: string): KeyObject {
  const raw = Buffer.from(hex, "hex");
  if (raw.length !== 32 || !/^[0-9a-f]{64}$/i.test(hex)) {
    throw new Error("DISCORD_PUBLIC_KEY: expected the application's public key, 64 hex characters");
  }
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

/** Discord's signature check: Ed25519 over `timestamp + raw body`, signature hex in `X-Signature-Ed25519`. */
export function verifyDiscordSignature(key: KeyObject, signatureHex: string, timestamp: string, body: Buffer): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signatureHex) || timestamp === "") return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signatureHex, "hex"));
  } catch {
    return false;
  }
}

export interface InteractionsRouteOptions {
  path: string;
  publicKey: KeyObject;
  logger: Logger;
  /**
   * Hands a verified interaction to the adapter (the same code as the gateway's INTERACTION_CREATE) and resolves
   * when its first response went out through the callback endpoint.
   */
  handle(payload: Record<string, unknown>): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const reply = (res: ServerResponse, status: number, body?: unknown) => {
  res.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

/**
 * `POST <path>`: Discord's Interactions Endpoint URL. Unsigned or badly signed requests get 401 (Discord sends some
 * on purpose and refuses the URL otherwise); PING gets PONG; anything else goes into the adapter's router, which
 * answers through the callback endpoint exactly as for gateway interactions, and the POST is then closed with 202.
 */
export function interactionsRoute(options: InteractionsRouteOptions): HttpRoute {
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    if (!body) return reply(res, 413, { error: "body too large" });
    const signature = req.headers["x-signature-ed25519"];
    const timestamp = req.headers["x-signature-timestamp"];
    if (
      typeof signature !== "string" ||
      typeof timestamp !== "string" ||
      !verifyDiscordSignature(options.publicKey, signature, timestamp, body)
    ) {
      return reply(res, 401, { error: "invalid request signature" });
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    } catch {
      return reply(res, 400, { error: "body is not JSON" });
    }
    if (payload.type === 1) return reply(res, 200, { type: 1 });
    let timer: NodeJS.Timeout | undefined;
    const window = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ACK_WINDOW_MS);
    });
    await Promise.race([options.handle(payload), window]).catch((error: unknown) =>
      options.logger.error("discord http interaction failed", { error }),
    );
    clearTimeout(timer);
    reply(res, 202);
  };
  return {
    path: options.path,
    method: "POST",
    handler: (req, res) => {
      handler(req, res).catch((error: unknown) => {
        options.logger.error("discord interactions endpoint failed", { error });
        if (!res.headersSent) reply(res, 500);
      });
    },
  };
}
