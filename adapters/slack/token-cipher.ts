import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** The environment variable holding the key; named in every error so an operator knows what to fix. */
export const KEY_VARIABLE = "SLACK_TOKEN_ENCRYPTION_KEY";

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Prefix of every sealed value, so a later format (another key, another cipher) can be told apart. */
const FORMAT = "v1";

/** A stored token could not be opened: wrong key, or the row was altered or moved to another workspace. */
export class TokenDecryptError extends Error {
  readonly code = "token-decrypt";
}

/**
 * Slack tokens at rest are sealed with AES-256-GCM (node:crypto): a fresh 12-byte IV per value, the 16-byte tag
 * checked on open, and the workspace's key as additional data so a row copied under another workspace fails too.
 * There is no plain-text mode: without a usable key the bot does not start.
 */
export class TokenCipher {
  private constructor(private readonly key: Buffer) {}

  /** The key from `SLACK_TOKEN_ENCRYPTION_KEY`: 32 random bytes in base64 (`openssl rand -base64 32`). */
  static fromBase64(value: string | undefined): TokenCipher {
    if (!value?.trim()) {
      throw new Error(
        `${KEY_VARIABLE} is not set: OAuth installs store each workspace's bot token encrypted with it. Set it to 32 random bytes in base64 (openssl rand -base64 32).`,
      );
    }
    const trimmed = value.trim();
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, "base64") : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) {
      throw new Error(
        `${KEY_VARIABLE} must be ${KEY_BYTES} bytes in base64 (44 characters, e.g. from openssl rand -base64 32); got ${key.length === 0 ? "something that is not base64" : `${key.length} bytes`}.`,
      );
    }
    return new TokenCipher(key);
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts; `context` (the workspace key) is bound as additional data. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
    return [FORMAT, ...parts].join(".");
  }

  open(sealed: string, context: string): string {
    const [format, iv, tag, body] = sealed.split(".");
    if (format !== FORMAT || iv === undefined || tag === undefined || body === undefined) {
      throw new TokenDecryptError(
        `A stored Slack token for ${context} is not in the encrypted format; it was not written by this bot (reinstall the app in that workspace).`,
      );
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch (cause) {
      throw new TokenDecryptError(
        `Could not decrypt the stored Slack token of ${context}: ${KEY_VARIABLE} is not the key it was encrypted with (restore the old key, or reinstall the app in that workspace).`,
        { cause },
      );
    }
  }
}
