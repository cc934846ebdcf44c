import { REST, Routes } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { startDiscordRestProxy } from "../../adapters/discord/rest-proxy.ts";
import { type DiscordEmulator, startDiscordEmulator } from "../emulators/discord/index.ts";

let emu: DiscordEmulator | undefined;
let proxy: Awaited<ReturnType<typeof startDiscordRestProxy>> | undefined;
afterEach(async () => {
  await proxy?.close();
  await emu?.close();
  proxy = emu = undefined;
});

describe("the shared Discord REST proxy", () => {
  it("retries a 429 with the request's body intact (the stock proxy resent an empty body: 50006)", async () => {
    emu = await startDiscordEmulator({ rateLimits: { buckets: { "message-create": { limit: 1, windowMs: 500 } } } });
    proxy = await startDiscordRestProxy({ upstream: emu.apiUrl, port: 0, rateLimitOffsetMs: 10 });
    // Someone outside the proxy spends the channel's bucket, so the proxy's first attempt meets a 429 it could not
    // foresee and has to retry.
    const outside = new REST({ api: emu.apiUrl }).setToken(emu.token);
    await outside.post(Routes.channelMessages(emu.channelId), { body: { content: "first" } });
    const viaProxy = new REST({ api: proxy.url, offset: 10 }).setToken(emu.token);
    await viaProxy.post(Routes.channelMessages(emu.channelId), { body: { content: "second, through the proxy" } });
    expect(emu.requestLog.filter((r) => r.status === 429)).toHaveLength(1);
    expect(emu.driver.messages(emu.channelId).map((m) => m.content)).toEqual(["first", "second, through the proxy"]);
  });
});
