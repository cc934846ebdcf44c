import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { Json } from "./payloads.ts";

/**
 * Discord's side of an Interactions Endpoint URL: every interaction is POSTed to the app's URL, signed with
 * Ed25519 over `timestamp + body` (headers `X-Signature-Ed25519`, hex, and `X-Signature-Timestamp`), with the
 * application's key pair; the app verifies with the public key shown in the Developer Portal.
 */
export class InteractionsEndpoint {
  readonly #privateKey: KeyObject;
  /** The application's public key as the Developer Portal shows it: 32 raw bytes, hex. */
  readonly publicKey: string;
  url: string | null = null;
  /** Status of every POST the emulator made, in order (tests read the 401s of forged ones). */
  readonly statuses: number[] = [];

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    this.#privateKey = privateKey;
    // SPKI DER of an Ed25519 key is a fixed 12-byte header followed by the 32-byte key.
    this.publicKey = publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex");
  }

  /**
   * What Discord does when the URL is saved in the portal: a signed PING must be answered `{ type: 1 }` and a
   * request with a wrong signature must be refused with 401, or the URL is not accepted.
   */
  async configure(url: string): Promise<void> {
    const ping = await this.post(url, { type: 1, id: "0", application_id: "0", token: "ping", version: 1 });
    const body = ping.status === 200 ? ((await ping.json()) as Json) : undefined;
    if (body?.type !== 1) throw new Error(`interactions endpoint: PING answered ${ping.status}, expected {"type":1}`);
    const forged = await this.post(url, { type: 1 }, { forge: true });
    if (forged.status !== 401)
      throw new Error(`interactions endpoint: a bad signature got ${forged.status}, Discord requires 401`);
    this.url = url;
  }

  /** POST one interaction, signed (or with a wrong signature when `forge`). */
  async post(url: string, payload: Json, options: { forge?: boolean } = {}): Promise<Response> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1_000));
    const signature = sign(null, Buffer.from(timestamp + body), this.#privateKey);
    if (options.forge) signature[0] = (signature[0] ?? 0) ^ 0xff;
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature-ed25519": signature.toString("hex"),
        "x-signature-timestamp": timestamp,
      },
      body,
    });
    this.statuses.push(response.status);
    return response;
  }
}
