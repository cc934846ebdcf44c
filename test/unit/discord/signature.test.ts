import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { discordPublicKey, verifyDiscordSignature } from "../../../adapters/discord/http-interactions.ts";

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, hex: publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex") };
};

describe("Discord interaction signatures (Ed25519 over timestamp + body)", () => {
  const app = pair();
  const key = discordPublicKey(app.hex);
  const body = Buffer.from('{"type":1}');
  const ts = "1700000000";
  const good = sign(null, Buffer.concat([Buffer.from(ts), body]), app.privateKey).toString("hex");

  it("accepts Discord's signature and refuses a changed body, timestamp or signer", () => {
    expect(verifyDiscordSignature(key, good, ts, body)).toBe(true);
    expect(verifyDiscordSignature(key, good, ts, Buffer.from('{"type":2}'))).toBe(false);
    expect(verifyDiscordSignature(key, good, "1700000001", body)).toBe(false);
    const other = pair();
    const forged = sign(null, Buffer.concat([Buffer.from(ts), body]), other.privateKey).toString("hex");
    expect(verifyDiscordSignature(key, forged, ts, body)).toBe(false);
    expect(verifyDiscordSignature(key, "zz", ts, body)).toBe(false);
  });

  it("refuses a public key that is not 32 bytes of hex with a message naming the variable", () => {
    expect(() => discordPublicKey("abc")).toThrow(/DISCORD_PUBLIC_KEY/);
  });
});
