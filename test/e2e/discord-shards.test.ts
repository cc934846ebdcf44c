import { Events } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../adapters/discord/index.ts";
import { shardOf, startDiscordEmulator } from "../emulators/discord/index.ts";
import { createShardedDiscordHarness, type HarnessGuild } from "../emulators/discord/shard-harness.ts";

const MIN = 60_000;
let h: Awaited<ReturnType<typeof createShardedDiscordHarness>> | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function startAndJoin(g: HarnessGuild): Promise<void> {
  const started = await g.driver
    .member(g.organizer)
    .runCommand("start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, g.channelId)
    .reply();
  expect(started.content).toContain("Quick Meet started");
  const lobby = g.driver.messages(g.channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
  const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
  for (const m of g.members)
    expect((await g.driver.member(m).click(lobby.id, join).reply()).content).toContain("You're in");
}

describe("Discord: 3 guilds on 2 shards, one client per shard (real discord.js, REST through one @discordjs/proxy)", () => {
  it("each client identifies with its own shard and gets only its guilds; 3 Quick Meets run at once, every round in its own guild", async () => {
    h = await createShardedDiscordHarness({ guilds: 3, shardCount: 2, members: 4 });
    const { emu, guilds, processes } = h;
    expect(emu.gateway.stats.shards.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const p of processes) {
      const held = [...p.adapter.client.guilds.cache.keys()].sort();
      expect(held).toEqual(
        guilds
          .filter((g) => shardOf(g.guildId, 2) === p.shard)
          .map((g) => g.guildId)
          .sort(),
      );
    }
    // Both shards have guilds (the 3rd guild lands on shard 0 again).
    expect(new Set(guilds.map((g) => shardOf(g.guildId, 2)))).toEqual(new Set([0, 1]));

    await Promise.all(guilds.map((g) => startAndJoin(g)));
    await h.settle();
    await h.advance(1 * MIN);
    for (const g of guilds) {
      const threads = g.driver.threads(g.channelId);
      expect(threads.length).toBe(2);
      const grouped = threads.flatMap((t) => t.memberIds.filter((u) => u !== emu.botUserId));
      // Every member of this guild is in one of its threads, and nobody from another guild is.
      expect(grouped.sort()).toEqual([...g.members].sort());
      for (const t of threads) {
        expect(emu.state.channels.get(t.id)?.guildId).toBe(g.guildId);
        const intro = g.driver.messages(t.id)[0]!;
        for (const m of t.memberIds.filter((u) => u !== emu.botUserId)) expect(intro.content).toContain(`<@${m}>`);
      }
    }
    // All of it went through the one proxy: the emulator saw no 429 and no invalid request.
    expect(emu.requestLog.filter((r) => r.status === 429)).toEqual([]);
    expect(emu.invalidRequests()).toBe(0);
  }, 60_000);
});

describe("Discord: interactions over HTTP (Interactions Endpoint URL, Ed25519)", () => {
  it("the endpoint passes Discord's check (PING → PONG, forged → 401); commands and clicks arrive over HTTP and rounds still run", async () => {
    h = await createShardedDiscordHarness({ guilds: 2, shardCount: 2, members: 4, httpInteractions: true });
    const { emu, guilds } = h;
    // configure() ran Discord's own check: a signed PING, then a forged one that must be refused.
    expect(emu.interactions.statuses).toEqual([200, 401]);
    const url = emu.interactions.url!;
    const forged = await emu.interactions.post(url, { type: 2, id: "1", token: "x" }, { forge: true });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(url, { method: "POST", body: JSON.stringify({ type: 1 }) });
    expect(unsigned.status).toBe(401);

    await Promise.all(guilds.map((g) => startAndJoin(g)));
    await h.settle();
    await h.advance(1 * MIN);
    for (const g of guilds) {
      const threads = g.driver.threads(g.channelId);
      expect(threads.flatMap((t) => t.memberIds.filter((u) => u !== emu.botUserId)).sort()).toEqual(
        [...g.members].sort(),
      );
    }
    // 2 commands and 8 clicks came over HTTP, each POST closed with 202 once the adapter's callback went out.
    expect(emu.interactions.statuses.slice(3)).toEqual(Array(10).fill(202));
  }, 60_000);
});

describe("Discord: DISCORD_SHARD_COUNT=auto", () => {
  it("runs every shard Discord recommends (GET /gateway/bot) in this process, each guild on its own shard", async () => {
    const emu = await startDiscordEmulator({ recommendedShards: 2 });
    const other = emu.addGuild("Other", { shard: [1 - shardOf(emu.guildId, 2), 2] });
    const adapter = createDiscordAdapter({
      token: emu.token,
      appId: emu.applicationId,
      apiUrl: emu.apiUrl,
      shards: "auto",
    });
    try {
      const ready = new Promise<void>((resolve) => adapter.client.once(Events.ClientReady, () => resolve()));
      await adapter.client.login(emu.token);
      await ready;
      expect([...adapter.client.ws.shards.keys()].sort()).toEqual([0, 1]);
      expect(emu.gateway.stats.shards.sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(adapter.client.guilds.cache.get(other.guildId)?.shardId).toBe(shardOf(other.guildId, 2));
      expect(adapter.client.guilds.cache.get(emu.guildId)?.shardId).toBe(shardOf(emu.guildId, 2));
    } finally {
      await adapter.client.destroy();
      await emu.close();
    }
  }, 30_000);
});
