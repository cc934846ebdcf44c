import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordEmulator, startDiscordEmulator } from "../../emulators/discord/index.ts";
import { type BucketName, DEFAULT_BUCKETS } from "../../emulators/discord/rate-limits.ts";

/**
 * The Discord emulator answers like Discord: each published limit (adapters/discord/limits.ts) and each thread rule
 * gets one request that breaks it, and must be refused with Discord's code. A lenient emulator is a defect: a test
 * that passes only because the emulator accepted a payload Discord rejects would hide a broken bot.
 */
let emu: DiscordEmulator;
beforeAll(async () => {
  // Roomy buckets: these requests test payload rules, not rate limits (emulator.test.ts and the e2e suites cover those).
  const buckets = Object.fromEntries(
    Object.keys(DEFAULT_BUCKETS).map((b) => [b, { limit: 1_000, windowMs: 1_000 }]),
  ) as Record<BucketName, { limit: number; windowMs: number }>;
  emu = await startDiscordEmulator({ rateLimits: { globalPerSecond: 1_000, buckets } });
});
afterAll(async () => {
  await emu.close();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${emu.token}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const post = (body: unknown) => call("POST", `/channels/${emu.channelId}/messages`, body);
const button = (custom_id: string, label = "Go") => ({ type: 2, style: 1, custom_id, label });
const row = (...components: unknown[]) => ({ type: 1, components });

async function thread(name = "Quick Meet · test") {
  const r = await call("POST", `/channels/${emu.channelId}/threads`, { name, type: 12, invitable: false });
  expect(r.status).toBe(201);
  return String(r.body.id);
}

function expectFormError(r: { status: number; body: Record<string, unknown> }, path: string) {
  expect(r.status).toBe(400);
  expect(r.body.code).toBe(50035);
  let node: unknown = r.body.errors;
  for (const key of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[key];
  expect((node as { _errors?: unknown[] } | undefined)?._errors?.length).toBeGreaterThan(0);
}

describe("the Discord emulator refuses what Discord refuses", () => {
  it("accepts a message at the limits", async () => {
    const r = await post({ content: "x".repeat(2_000), components: [row(button("a", "y".repeat(80)))] });
    expect(r.status).toBe(200);
  });

  it("content over 2,000 characters → 50035 content", async () => {
    expectFormError(await post({ content: "x".repeat(2_001) }), "content");
  });

  it("six action rows → 50035 components", async () => {
    const rows = Array.from({ length: 6 }, (_, i) => row(button(`r${i}`)));
    expectFormError(await post({ content: "x", components: rows }), "components");
  });

  it("six buttons in a row → 50035 components.0.components", async () => {
    const buttons = Array.from({ length: 6 }, (_, i) => button(`b${i}`));
    expectFormError(await post({ content: "x", components: [row(...buttons)] }), "components.0.components");
  });

  it("a button label over 80, a custom_id over 100, a custom_id used twice", async () => {
    expectFormError(
      await post({ content: "x", components: [row(button("a", "y".repeat(81)))] }),
      "components.0.components.0.label",
    );
    expectFormError(
      await post({ content: "x", components: [row(button("c".repeat(101)))] }),
      "components.0.components.0.custom_id",
    );
    expectFormError(
      await post({ content: "x", components: [row(button("same")), row(button("same"))] }),
      "components.1.components.0.custom_id",
    );
  });

  it("a link button: a url of at most 512 characters, http(s) only, never with a custom_id; style 5 needs a url", async () => {
    const link = (url: string, extra: Record<string, unknown> = {}) => ({
      type: 2,
      style: 5,
      label: "Room",
      url,
      ...extra,
    });
    const at = "components.0.components.0";
    expect((await post({ content: "x", components: [row(link(`https://a.example/${"r".repeat(490)}`))] })).status).toBe(
      200,
    );
    expectFormError(
      await post({ content: "x", components: [row(link(`https://a.example/${"r".repeat(500)}`))] }),
      `${at}.url`,
    );
    expectFormError(await post({ content: "x", components: [row(link("ftp://a.example/room"))] }), `${at}.url`);
    expectFormError(
      await post({ content: "x", components: [row(link("https://a.example/room", { custom_id: "qm:vid" }))] }),
      `${at}.custom_id`,
    );
    expectFormError(await post({ content: "x", components: [row({ type: 2, style: 5, label: "Room" })] }), `${at}.url`);
  });

  it("more than 100 users in allowed_mentions, or users with parse:[users]", async () => {
    const users = Array.from({ length: 101 }, (_, i) => String(10n ** 17n + BigInt(i)));
    expectFormError(await post({ content: "x", allowed_mentions: { users } }), "allowed_mentions.users");
    expectFormError(
      await post({ content: "x", allowed_mentions: { parse: ["users"], users: [users[0]] } }),
      "allowed_mentions",
    );
  });

  it("a nonce over 25 characters → 50035 nonce", async () => {
    expectFormError(await post({ content: "x", nonce: "n".repeat(26) }), "nonce");
  });

  it("a thread name of 0 or 101 characters, an auto-archive duration Discord does not offer", async () => {
    const create = (body: unknown) => call("POST", `/channels/${emu.channelId}/threads`, body);
    expectFormError(await create({ name: "", type: 12 }), "name");
    expectFormError(await create({ name: "n".repeat(101), type: 12 }), "name");
    expectFormError(await create({ name: "ok", type: 12, auto_archive_duration: 30 }), "auto_archive_duration");
  });

  it("locking an archived thread without unarchiving it in the same request → 50083", async () => {
    const id = await thread();
    expect((await call("PATCH", `/channels/${id}`, { archived: true })).status).toBe(200);
    const refused = await call("PATCH", `/channels/${id}`, { locked: true });
    expect([refused.status, refused.body.code]).toEqual([400, 50083]);
    const allowed = await call("PATCH", `/channels/${id}`, { archived: false, locked: true });
    expect(allowed.status).toBe(200);
  });

  it("archives a thread idle for its auto-archive duration; a message unarchives it unless it is locked", async () => {
    const r = await call("POST", `/channels/${emu.channelId}/threads`, {
      name: "idle",
      type: 12,
      auto_archive_duration: 60,
    });
    const id = String(r.body.id);
    emu.driver.elapse(59 * 60_000);
    expect(emu.driver.threads().find((t) => t.id === id)?.archived).toBe(false);
    emu.driver.elapse(2 * 60_000);
    expect(emu.driver.threads().find((t) => t.id === id)?.archived).toBe(true);
    expect((await call("POST", `/channels/${id}/messages`, { content: "back" })).status).toBe(200);
    expect(emu.driver.threads().find((t) => t.id === id)?.archived).toBe(false);
    // A member's client greys out buttons of a locked or archived thread.
    await call("PATCH", `/channels/${id}`, { archived: true, locked: true });
    const member = emu.addMember({ username: "clicker", displayName: "Clicker" });
    emu.state.channels.get(id)?.members.add(member);
    const withButton = emu.state.messagesIn(id)[0]!;
    withButton.components = [row(button("qm:x"))];
    expect(() => emu.driver.member(member).click(withButton.id, "qm:x")).toThrow(/disabled/);
  });

  it("a modal whose title or label is over 45, or whose pre-filled value exceeds its max_length", async () => {
    const member = emu.addMember({ username: "modal", displayName: "Modal" });
    const open = (data: unknown) => {
      const handle = emu.driver.deliver("command", member, emu.channelId, { id: "1", name: "quickmeet", type: 1 });
      return call("POST", `/interactions/${handle.id}/${handle.record.token}/callback`, { type: 9, data });
    };
    const input = (extra: Record<string, unknown>) => ({
      type: 1,
      components: [{ type: 4, custom_id: "f", style: 1, label: "Field", ...extra }],
    });
    expect((await open({ custom_id: "m", title: "Fine", components: [input({})] })).status).toBe(204);
    expectFormError(await open({ custom_id: "m", title: "t".repeat(46), components: [input({})] }), "data.title");
    expectFormError(
      await open({ custom_id: "m", title: "T", components: [input({ label: "l".repeat(46) })] }),
      "data.components.0.components.0.label",
    );
    expectFormError(
      await open({ custom_id: "m", title: "T", components: [input({ max_length: 600, value: "v".repeat(628) })] }),
      "data.components.0.components.0.value",
    );
  });

  it("an application command whose name is not lower-case or whose description is over 100", async () => {
    const put = (commands: unknown) => call("PUT", `/applications/${emu.applicationId}/commands`, commands);
    expectFormError(await put([{ name: "QuickMeet", description: "x" }]), "0.name");
    expectFormError(await put([{ name: "quickmeet", description: "d".repeat(101) }]), "0.description");
    expect((await put([{ name: "quickmeet", description: "Quick Meets" }])).status).toBe(200);
  });
});
