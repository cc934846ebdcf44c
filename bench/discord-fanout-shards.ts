import { type ChildProcess, fork } from "node:child_process";
import { registerCommands } from "../adapters/discord/register.ts";
import { startDiscordRestProxy } from "../adapters/discord/rest-proxy.ts";
import { commands } from "../commands/index.ts";
import { type DiscordEmulator, startDiscordEmulator } from "../test/emulators/discord/index.ts";
import { lowerBoundMs } from "../test/emulators/discord/rate-limits.ts";
import type { ChildCommand } from "./discord-shard-child.ts";
import type { BenchRow } from "./types.ts";

const MIN = 60_000;

/** A bot process over IPC: `call` sends a command and waits for its answer. */
function spawnChild(): { call(command: ChildCommand): Promise<void>; child: ChildProcess } {
  const child = fork(new URL("./discord-shard-child.ts", import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let waiting: { resolve(): void; reject(e: Error): void } | undefined;
  child.on("message", (m: { done?: string; error?: string }) => {
    const w = waiting;
    waiting = undefined;
    if (m.error) w?.reject(new Error(m.error));
    else w?.resolve();
  });
  child.on("exit", (code) => waiting?.reject(new Error(`bot process exited with ${code}`)));
  return {
    child,
    call: (command) =>
      new Promise<void>((resolve, reject) => {
        waiting = { resolve, reject };
        child.send(command);
      }),
  };
}

/**
 * The fan-out of one round start across 2 bot processes (shards 0 and 1 of 2), each starting a round in its own
 * guild at the same moment with `size / 2` members: `size` members in all, one bot token, so one global limit.
 * All REST goes through one @discordjs/proxy (`viaProxy`), or straight to Discord from each process (the baseline
 * that shows why the budget must be shared).
 */
export async function fanoutTwoProcesses(
  size: number,
  limits: string,
  threadCreate: { limit: number; windowMs: number } | undefined,
  viaProxy: boolean,
): Promise<BenchRow> {
  const emu: DiscordEmulator = await startDiscordEmulator(
    threadCreate ? { rateLimits: { buckets: { "thread-create": threadCreate } } } : {},
  );
  const shardOfFirst = Number((BigInt(emu.guildId) >> 22n) % 2n);
  const second = emu.addGuild("Second club", { shard: [1 - shardOfFirst, 2] });
  const guilds = [
    {
      guildId: emu.guildId,
      channelId: emu.channelId,
      driver: emu.driver,
      add: emu.addMember,
      role: emu.organizerRoleId,
    },
    { ...second, add: second.addMember, role: second.organizerRoleId },
  ].map((g, i) => ({
    ...g,
    organizer: g.add({ username: `org${i}`, roleIds: [g.role] }),
    members: Array.from({ length: size / 2 }, (_, m) => g.add({ username: `g${i}m${m}` })),
  }));
  await registerCommands(
    { token: emu.token, appId: emu.applicationId, guildId: emu.guildId, apiUrl: emu.apiUrl },
    commands,
  );
  const proxy = viaProxy
    ? await startDiscordRestProxy({ upstream: emu.apiUrl, port: 0, rateLimitOffsetMs: 10 })
    : undefined;
  const children = [spawnChild(), spawnChild()];
  try {
    await Promise.all(
      children.map((c, shard) =>
        c.call({
          type: "start",
          token: emu.token,
          appId: emu.applicationId,
          apiUrl: emu.apiUrl,
          ...(proxy ? { restProxyUrl: proxy.url } : {}),
          shard,
          shardCount: 2,
        }),
      ),
    );
    const seq = (shard: number) => emu.gateway.sequenceOf(shard, 2);
    const settleAll = () => Promise.all(children.map((c, shard) => c.call({ type: "settle", seq: seq(shard) })));
    // The lobbies fill one after the other (the measured part is the round start, which both begin together); a
    // click the overloaded machine answered too late shows as `lost` below rather than failing the run.
    for (const g of guilds) {
      await g.driver
        .member(g.organizer)
        .runCommand("start", { rounds: 1, minutes: 10, lobby_minutes: 1 }, g.channelId)
        .reply(30_000);
      const lobby = g.driver
        .messages(g.channelId)
        .find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
      const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
      for (let i = 0; i < g.members.length; i += 25)
        await Promise.all(
          g.members.slice(i, i + 25).map((m) =>
            g.driver
              .member(m)
              .click(lobby.id, join)
              .acked(30_000)
              .catch(() => 0),
          ),
        );
    }
    await settleAll();
    // The lobby's countdown first, up to a second before the round starts; then every bucket used so far expires,
    // so the round starts from fresh limits as the bound assumes, and both processes start it together.
    await Promise.all(children.map((c, shard) => c.call({ type: "advance", ms: 1 * MIN - 1_000, seq: seq(shard) })));
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const logStart = emu.requestLog.length;
    await Promise.all(children.map((c, shard) => c.call({ type: "advance", ms: 1_000, seq: seq(shard) })));
    const threads = guilds.flatMap((g) => g.driver.threads(g.channelId));
    const readyAt = threads.map((t) => {
      const intro = emu.state.messagesIn(t.id)[0];
      if (!intro) throw new Error(`thread ${t.id} has no intro`);
      return intro.createdAtMs;
    });
    const window = emu.requestLog.slice(logStart).filter((r) => r.atMs <= Math.max(...readyAt));
    const elapsed = Math.max(...readyAt) - (window[0]?.atMs ?? 0);
    // Refused requests (429) took no capacity: the bound counts only those the limits admitted.
    const admitted = window.filter((r) => r.status !== 429);
    const bound = lowerBoundMs(admitted, emu.limits);
    // Which limit binds: the global one alone would allow this (the bound is the larger of it and the busiest
    // bucket's); and how far apart the two processes began (the bound assumes one common start).
    const globalBound = lowerBoundMs(
      admitted.filter((r) => !r.exempt).map((r) => ({ ...r, bucket: "default" as const, major: "global" })),
      { ...emu.limits, buckets: { ...emu.limits.buckets, default: { limit: Number.MAX_SAFE_INTEGER, windowMs: 1 } } },
    );
    const firstCreate = guilds.map(
      (g) => window.find((r) => r.bucket === "thread-create" && r.major === g.channelId)?.atMs ?? 0,
    );
    const limited = window.filter((r) => r.status === 429).length;
    const grouped = new Set(threads.flatMap((t) => t.memberIds));
    const lost = guilds.flatMap((g) => g.members).filter((m) => !grouped.has(m)).length;
    return {
      bench: "discord-fanout",
      limits: `${limits}, 2 processes${viaProxy ? " via proxy" : ", no proxy"}`,
      members: size,
      groups: threads.length,
      lost,
      requests: window.length,
      requestsPerGroup: Number((window.length / threads.length).toFixed(2)),
      readyMs: elapsed,
      lowerBoundMs: bound,
      globalBoundMs: globalBound,
      startSkewMs: Math.abs((firstCreate[0] ?? 0) - (firstCreate[1] ?? 0)),
      ratio: Number((elapsed / Math.max(1, bound)).toFixed(3)),
      ratioTarget: "<= 1.10",
      share429: Number((limited / Math.max(1, window.length)).toFixed(4)),
      share429Target: "< 0.01",
    };
  } catch (error) {
    if (process.env.QM_DEBUG) {
      const all = [...emu.state.interactions.values()];
      console.error(
        "interactions",
        all.length,
        "unacked",
        all.filter((i) => i.ackedAtMs === null).map((i) => [i.guildId, i.kind]),
      );
      const statuses: Record<string, number> = {};
      for (const r of emu.requestLog)
        statuses[`${r.pattern} ${r.status} ${r.code ?? ""}`] =
          (statuses[`${r.pattern} ${r.status} ${r.code ?? ""}`] ?? 0) + 1;
      console.error(statuses);
    }
    throw error;
  } finally {
    await Promise.all(children.map((c) => c.call({ type: "stop" }).catch(() => c.child.kill())));
    await proxy?.close();
    await emu.close();
  }
}
