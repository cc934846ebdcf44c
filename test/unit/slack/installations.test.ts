import { randomBytes } from "node:crypto";
import type { Installation } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { StoreInstallationStore } from "../../../adapters/slack/installations.ts";
import { TokenCipher, TokenDecryptError } from "../../../adapters/slack/token-cipher.ts";
import { keys } from "../../../src/store/keys.ts";
import { createMemoryStore } from "../../../src/store/memory.ts";

const key = () => randomBytes(32).toString("base64");

const installation = (teamId: string, token: string): Installation => ({
  team: { id: teamId, name: `Team ${teamId}` },
  enterprise: undefined,
  user: { id: "UINSTALLER", token: undefined, scopes: undefined },
  bot: { id: "B1", userId: "UBOT", scopes: ["chat:write", "commands"], token },
  isEnterpriseInstall: false,
  authVersion: "v2",
  appId: "A1",
});

describe("TokenCipher (SLACK_TOKEN_ENCRYPTION_KEY)", () => {
  it("refuses to start without a key, naming the variable and the format", () => {
    expect(() => TokenCipher.fromBase64(undefined)).toThrow(/SLACK_TOKEN_ENCRYPTION_KEY is not set.*base64/);
    expect(() => TokenCipher.fromBase64("  ")).toThrow(/SLACK_TOKEN_ENCRYPTION_KEY/);
  });

  it("refuses a key that is not 32 bytes of base64", () => {
    expect(() => TokenCipher.fromBase64(randomBytes(16).toString("base64"))).toThrow(
      /SLACK_TOKEN_ENCRYPTION_KEY must be 32 bytes in base64.*got 16 bytes/,
    );
    expect(() => TokenCipher.fromBase64("not base64!")).toThrow(/not base64/);
  });

  it("seals with a fresh IV each time and opens only with the same key and workspace", () => {
    const k = key();
    const cipher = TokenCipher.fromBase64(k);
    const a = cipher.seal("xoxb-secret", "T1");
    expect(a).not.toContain("xoxb-secret");
    expect(cipher.seal("xoxb-secret", "T1")).not.toBe(a);
    expect(TokenCipher.fromBase64(k).open(a, "T1")).toBe("xoxb-secret");
    // Wrong key, a row moved to another workspace, or a flipped byte: a clear error, never the plain text.
    expect(() => TokenCipher.fromBase64(key()).open(a, "T1")).toThrow(TokenDecryptError);
    expect(() => TokenCipher.fromBase64(key()).open(a, "T1")).toThrow(/SLACK_TOKEN_ENCRYPTION_KEY is not the key/);
    expect(() => cipher.open(a, "T2")).toThrow(TokenDecryptError);
    const parts = a.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(() => cipher.open([...parts.slice(0, 3), body.toString("base64url")].join("."), "T1")).toThrow(
      TokenDecryptError,
    );
    expect(() => cipher.open("xoxb-plain-text-token", "T1")).toThrow(/not in the encrypted format/);
  });
});

describe("StoreInstallationStore (Bolt's installationStore on our store)", () => {
  it("stores ids, scopes and installer in clear and the token sealed; fetch gives Bolt the token back", async () => {
    const store = createMemoryStore();
    const installs = new StoreInstallationStore(store, TokenCipher.fromBase64(key()), () => 42);
    await installs.storeInstallation(installation("T1", "xoxb-one"));
    await installs.storeInstallation(installation("T2", "xoxb-two"));
    const row = await store.get<Record<string, unknown>>(keys.slackInstallation("T1"));
    expect(row).toMatchObject({ teamId: "T1", botUserId: "UBOT", installerUserId: "UINSTALLER", installedAt: 42 });
    expect(JSON.stringify(row)).not.toContain("xoxb-one");
    const fetched = await installs.fetchInstallation({
      teamId: "T2",
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(fetched.bot?.token).toBe("xoxb-two");
    expect(fetched.team?.id).toBe("T2");
    expect(await installs.ids()).toEqual(["T1", "T2"]);
    await installs.deleteInstallation({ teamId: "T1", enterpriseId: undefined, isEnterpriseInstall: false });
    expect(await installs.ids()).toEqual(["T2"]);
    await expect(
      installs.fetchInstallation({ teamId: "T1", enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/No Slack installation for T1/);
  });

  it("stops start-up with a clear error when the key changed since the tokens were stored", async () => {
    const store = createMemoryStore();
    await new StoreInstallationStore(store, TokenCipher.fromBase64(key())).storeInstallation(
      installation("T1", "xoxb-one"),
    );
    await expect(new StoreInstallationStore(store, TokenCipher.fromBase64(key())).verifyKey()).rejects.toThrow(
      /SLACK_TOKEN_ENCRYPTION_KEY is not the key it was encrypted with/,
    );
  });

  it("keeps an org-wide install under the enterprise and finds it for any of its workspaces", async () => {
    const installs = new StoreInstallationStore(createMemoryStore(), TokenCipher.fromBase64(key()));
    await installs.storeInstallation({
      ...installation("T9", "xoxb-org"),
      team: undefined,
      enterprise: { id: "E1" },
      isEnterpriseInstall: true,
    } as Installation);
    expect(await installs.ids()).toEqual(["E:E1"]);
    expect(await installs.botToken({ teamId: "T5", enterpriseId: "E1", isEnterpriseInstall: false })).toBe("xoxb-org");
  });
});
