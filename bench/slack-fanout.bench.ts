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

const run: BenchFn = async ({ quick }) => {
  const members = quick ? 200 : 500;
  const scale = quick ? 20 : 10;
  const h = await createSlackHarness({ mode: "http", members, rateLimits: { scale }, pacing: { scale } });
  try {
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
    const rows: BenchRow[] = [
      {
        bench: "slack-fanout",
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
      },
    ];
    return rows;
  } finally {
    await h.stop();
  }
};

export default run;
