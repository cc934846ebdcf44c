import { afterEach, describe, expect, it } from "vitest";
import { SlackEmulator } from "../../emulators/slack/index.ts";

let emu: SlackEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function call(e: SlackEmulator, method: string, args: Record<string, unknown>) {
  const response = await fetch(`${e.apiUrl}${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${e.botToken}`, "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(args),
  });
  return (await response.json()) as Record<string, unknown> & { ok: boolean };
}

describe("the Slack emulator's message metadata and conversations.history", () => {
  it("stores metadata on a post and returns it from history only with include_all_metadata, newest first", async () => {
    emu = new SlackEmulator({ seed: { users: [{ name: "ana" }, { name: "ben" }] }, rateLimits: { enabled: false } });
    await emu.start();
    const users = [...emu.workspace.users.values()].filter((u) => !u.isBot).map((u) => u.id);
    const opened = await call(emu, "conversations.open", { users: users.join(",") });
    const channel = (opened.channel as { id: string }).id;
    const metadata = { event_type: "quickmeet_post", event_payload: { key: "s1:1:g1:intro" } };
    const posted = await call(emu, "chat.postMessage", { channel, text: "intro", metadata });
    expect(posted.ok).toBe(true);
    await call(emu, "chat.postMessage", { channel, text: "later" });

    const plain = await call(emu, "conversations.history", { channel, limit: 10 });
    const messages = plain.messages as Array<{ text: string; metadata?: unknown; bot_id?: string }>;
    expect(messages.map((m) => m.text)).toEqual(["later", "intro"]);
    expect(messages.every((m) => m.metadata === undefined)).toBe(true);
    const full = await call(emu, "conversations.history", { channel, limit: 10, include_all_metadata: true });
    expect((full.messages as Array<{ metadata?: unknown }>)[1]?.metadata).toEqual(metadata);

    const paged = await call(emu, "conversations.history", { channel, limit: 1 });
    expect(paged.has_more).toBe(true);
    expect((paged.response_metadata as { next_cursor: string }).next_cursor).not.toBe("");
  });

  it("refuses malformed metadata and history without the channel's history scope", async () => {
    emu = new SlackEmulator({ seed: { users: [{ name: "ana" }, { name: "ben" }] }, rateLimits: { enabled: false } });
    await emu.start();
    const general = emu.workspace.channelByName("general")!.id;
    const bad = await call(emu, "chat.postMessage", { channel: general, text: "x", metadata: { event_type: "" } });
    expect(bad.error).toBe("invalid_metadata_format");
    emu.setScopes(["chat:write"]);
    const refused = await call(emu, "conversations.history", { channel: general });
    expect(refused.error).toBe("missing_scope");
  });
});
