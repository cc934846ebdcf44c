import { actionOn } from "../test/emulators/slack/find.ts";
import { createSlackHarness } from "../test/emulators/slack/harness.ts";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * Slack fan-out: a 500-member round (250 group DMs) through the real Bolt/WebClient against the emulator, which
 * enforces Slack's tiers. Measured: time from round start until every group's DM is open and its intro posted, against
 * the least time the emulator's buckets allow for the calls actually sent (per bucket: burst at once, the rest at the
 * refill rate; slowest bucket wins, here conversations.open at Tier 3).
 *
 * Time scale: the emulator and the adapter's pacer both run SCALE× Slack's rates (Tier 3: 50/min → 500/min at 10×),
 * so a round that takes ~5 minutes on Slack takes ~30 s here; the ratio is scale-free.
 */
const MIN = 60_000;

/**
 * 40 organizer-chosen public channels, each member in 2–5 of them (issue 23): the round's planning then reads them
 * with conversations.info and conversations.members (Tier 3 / Tier 4) before the first group DM opens.
 */
async function chooseChannels(h: Awaited<ReturnType<typeof createSlackHarness>>): Promise<void> {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const channels = Array.from({ length: 40 }, (_, i) => h.emu.workspace.addChannel(`interest-${i}`, "channel", []));
  for (const m of h.members) {
    const count = 2 + Math.floor(next() * 4);
    for (let k = 0; k < count; k++) {
      const c = channels[Math.floor(next() * channels.length)]!;
      if (!c.members.includes(m)) c.members.push(m);
    }
  }
  await h.bot.engine.community.updateSettings("slack", h.emu.teamId, (s) => ({
    ...s,
    interestSignals: channels.map((c) => ({ kind: "channel" as const, id: c.id, name: c.name, tag: c.name })),
  }));
}

const run: BenchFn = async ({ quick }) => [await fanout(quick, false), await fanout(quick, true)];

async function fanout(quick: boolean, signals: boolean): Promise<BenchRow> {
  const members = quick ? 200 : 500;
  const scale = quick ? 20 : 10;
  const h = await createSlackHarness({ mode: "http", members, rateLimits: { scale }, pacing: { scale } });
  try {
    if (signals) await chooseChannels(h);
    await h.command(h.organizer, "start rounds:1 minutes:5 lobby_minutes:1");
    const lobby = h.emu.messagesIn(h.channelId).at(-1);
    const join = actionOn(lobby, "qm:join:");
    // Joins arrive in waves of 50 so the lobby phase is not part of the measurement.
    for (let i = 0; i < h.members.length; i += 50) {
      await Promise.all(h.members.slice(i, i + 50).map((m) => h.driver.click(m, lobby!, join)));
    }
    await h.settle();

    const t0 = performance.now();
    await h.advance(1 * MIN);
    const mpimIds = new Set(h.emu.mpims().map((c) => c.id));
    // A group is ready when its intro is posted: the first chat.postMessage into its group DM.
    const firstPost = new Map<string, number>();
    for (const r of h.emu.requests("chat.postMessage")) {
      const channel = r.buckets.find((b) => b.startsWith("post:") && b !== "post:workspace")?.slice(5);
      if (r.status === 200 && r.at >= t0 && channel && mpimIds.has(channel) && !firstPost.has(channel))
        firstPost.set(channel, r.at);
    }
    const readyAt = Math.max(...firstPost.values());
    const readyMs = readyAt - t0;
    const bound = h.emu.lowerBoundMs(t0, readyAt);
    const during = h.emu.requests().filter((r) => r.at >= t0 && r.at <= readyAt);
    return {
      bench: "slack-fanout",
      signals: signals ? "40 chosen channels" : "none",
      members,
      groups: mpimIds.size,
      groups_ready: firstPost.size,
      scale,
      ready_ms: Math.round(readyMs),
      lower_bound_ms: Math.round(bound.ms),
      bound_by: bound.bucket,
      ratio: bound.ms > 0 ? readyMs / bound.ms : null,
      slack_equiv_s: Math.round((readyMs * scale) / 1000),
      requests: during.length,
      http_429: during.filter((r) => r.status === 429).length,
      pct_429: during.length ? (100 * during.filter((r) => r.status === 429).length) / during.length : 0,
      signal_reads: during.filter((r) => r.method === "conversations.members" || r.method === "conversations.info")
        .length,
    };
  } finally {
    await h.stop();
  }
}

export default run;
