import { createDiscordHarness } from "../test/emulators/discord/harness.ts";
import { lowerBoundMs } from "../test/emulators/discord/rate-limits.ts";
import { fanoutTwoProcesses } from "./discord-fanout-shards.ts";
import { voiceFanout } from "./discord-voice-fanout.ts";
import type { BenchFn, BenchRow } from "./types.ts";

const MIN = 60_000;

/**
 * Start a round for N members (real core → real discord.js → emulator enforcing Discord's limits) and compare the
 * time until every group's thread is ready (created, members added, intro posted) with the lower bound the limits
 * allow for the requests the adapter sent in that window.
 */
const run: BenchFn = async ({ quick }) => {
  const size = quick ? 100 : 500;
  // Default buckets (thread creation is the binding limit), then generous thread creation (the 50/s global limit
  // binds): the adapter follows headers, so both should sit close to their bound. Then a voice round of 200 members
  // (rooms created, intros posted, members moved in), paced by the same queues.
  const generous = { limit: 50, windowMs: 1_000 };
  return [
    await fanout(size, "default buckets"),
    await fanout(size, "thread-create 50/s", generous),
    await voiceFanout(quick ? 50 : 200),
    // The same number of members split over 2 bot processes (shards 0 and 1, a round each at the same moment), REST
    // through one shared proxy; then without it, each process spending "its own" 50/s: why the budget is shared.
    await fanoutTwoProcesses(size, "default buckets", undefined, true),
    await fanoutTwoProcesses(size, "thread-create 50/s", generous, true),
    await fanoutTwoProcesses(size, "thread-create 50/s", generous, false),
  ];
};

async function fanout(
  size: number,
  limits: string,
  threadCreate?: { limit: number; windowMs: number },
): Promise<BenchRow> {
  const h = await createDiscordHarness({
    members: size,
    ...(threadCreate ? { emulator: { rateLimits: { buckets: { "thread-create": threadCreate } } } } : {}),
  });
  try {
    const { driver, organizer, members, channelId, emu } = h;
    await driver.member(organizer).runCommand("start", { rounds: 1, minutes: 10, lobby_minutes: 1 }).reply();
    await h.settle();
    const lobby = driver.messages(channelId).find((m) => m.buttons.some((b) => b.customId.startsWith("qm:join:")))!;
    const join = lobby.buttons.find((b) => b.customId.startsWith("qm:join:"))!.customId;
    for (let i = 0; i < members.length; i += 50) {
      await Promise.all(members.slice(i, i + 50).map((m) => driver.member(m).click(lobby.id, join).reply(30_000)));
    }
    await h.settle();
    // Let every bucket used during the lobby expire, so the round starts from fresh limits as the bound assumes.
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const logStart = emu.requestLog.length;
    const startedAt = Date.now();
    await h.advance(1 * MIN);
    const threads = driver.threads(channelId);
    const readyAt = threads.map((t) => {
      const intro = emu.state.messagesIn(t.id)[0];
      if (!intro) throw new Error(`thread ${t.id} has no intro`);
      return intro.createdAtMs;
    });
    const window = emu.requestLog.slice(logStart).filter((r) => r.atMs <= Math.max(...readyAt));
    const first = window[0]?.atMs ?? startedAt;
    const elapsed = Math.max(...readyAt) - first;
    const bound = lowerBoundMs(window, emu.limits);
    const limited = window.filter((r) => r.status === 429).length;
    const grouped = new Set(threads.flatMap((t) => t.memberIds));
    const lost = members.filter((m) => !grouped.has(m)).length;
    return {
      bench: "discord-fanout",
      limits,
      members: size,
      groups: threads.length,
      lost,
      requests: window.length,
      requestsPerGroup: Number((window.length / threads.length).toFixed(2)),
      readyMs: elapsed,
      lowerBoundMs: bound,
      ratio: Number((elapsed / Math.max(1, bound)).toFixed(3)),
      ratioTarget: "<= 1.15",
      share429: Number((limited / Math.max(1, window.length)).toFixed(4)),
      share429Target: "< 0.01",
    };
  } finally {
    await h.stop();
  }
}

export default run;
