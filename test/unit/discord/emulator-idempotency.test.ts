import { afterEach, describe, expect, it } from "vitest";
import { type DiscordEmulator, startDiscordEmulator } from "../../emulators/discord/index.ts";

let emu: DiscordEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function call(e: DiscordEmulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${e.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${e.token}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the Discord emulator's create-message nonce, as the API documents it", () => {
  it("returns the earlier message for a repeated enforced nonce and creates nothing new", async () => {
    emu = await startDiscordEmulator();
    const first = await call(emu, "POST", `/channels/${emu.channelId}/messages`, {
      content: "hello",
      nonce: "qm-abc",
      enforce_nonce: true,
    });
    expect(first.status).toBe(200);
    expect(first.body.nonce).toBe("qm-abc");
    const again = await call(emu, "POST", `/channels/${emu.channelId}/messages`, {
      content: "hello",
      nonce: "qm-abc",
      enforce_nonce: true,
    });
    expect(again.body.id).toBe(first.body.id);
    expect(emu.state.messagesIn(emu.channelId)).toHaveLength(1);
  });

  it("creates a second message when the nonce is not enforced, and refuses nonces over 25 characters", async () => {
    emu = await startDiscordEmulator();
    await call(emu, "POST", `/channels/${emu.channelId}/messages`, { content: "a", nonce: "n1" });
    await call(emu, "POST", `/channels/${emu.channelId}/messages`, { content: "a", nonce: "n1" });
    expect(emu.state.messagesIn(emu.channelId)).toHaveLength(2);
    const long = await call(emu, "POST", `/channels/${emu.channelId}/messages`, {
      content: "a",
      nonce: "x".repeat(26),
      enforce_nonce: true,
    });
    expect(long.status).toBe(400);
    expect(long.body.code).toBe(50035);
  });
});

describe("the Discord emulator's List Active Guild Threads", () => {
  it("lists the guild's unarchived threads the bot sees, newest first, with the bot's thread membership", async () => {
    emu = await startDiscordEmulator();
    const make = (name: string) =>
      call(emu!, "POST", `/channels/${emu!.channelId}/threads`, { name, type: 12, invitable: false });
    const a = await make("Quick Meet · round 1 · A & B");
    const b = await make("Quick Meet · round 1 · C & D");
    await call(emu, "PATCH", `/channels/${String(a.body.id)}`, { archived: true });
    const listed = await call(emu, "GET", `/guilds/${emu.guildId}/threads/active`);
    expect(listed.status).toBe(200);
    const threads = listed.body.threads as Array<{ id: string; name: string; parent_id: string }>;
    expect(threads.map((t) => t.name)).toEqual(["Quick Meet · round 1 · C & D"]);
    expect(threads[0]?.parent_id).toBe(emu.channelId);
    expect(listed.body.members).toEqual([expect.objectContaining({ id: b.body.id, user_id: emu.botUserId })]);
  });
});

describe("the Discord emulator's Remove Thread Member", () => {
  it("takes a member out of a private thread the bot created; a second removal is 10007 Unknown Member", async () => {
    emu = await startDiscordEmulator();
    const member = emu.addMember({ username: "zeb" });
    const thread = await call(emu, "POST", `/channels/${emu.channelId}/threads`, { name: "t", type: 12 });
    const id = String(thread.body.id);
    await fetch(`${emu.apiUrl}/v10/channels/${id}/thread-members/${member}`, {
      method: "PUT",
      headers: { authorization: `Bot ${emu.token}` },
    });
    expect(emu.state.channels.get(id)?.members.has(member)).toBe(true);
    const removed = await fetch(`${emu.apiUrl}/v10/channels/${id}/thread-members/${member}`, {
      method: "DELETE",
      headers: { authorization: `Bot ${emu.token}` },
    });
    expect(removed.status).toBe(204);
    expect(emu.state.channels.get(id)?.members.has(member)).toBe(false);
    const again = await call(emu, "DELETE", `/channels/${id}/thread-members/${member}`);
    expect(again.body.code).toBe(10007);
  });
});
