import { actionOn } from "../test/emulators/slack/find.ts";
import { createSlackHarness } from "../test/emulators/slack/harness.ts";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * Slack burst: 1,000 members click Join within one second (HTTP mode, signed requests to /slack/events). Measured:
 * each click's ack latency as the emulator's driver saw it (p50/p99/max, acks over Slack's 3 s window), then whether
 * every join was persisted in the session record.
 */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const run: BenchFn = async ({ quick }) => {
  const rows: BenchRow[] = [];
  for (const mode of quick ? (["http"] as const) : (["http", "socket"] as const)) {
    const clicks = quick ? 300 : 1000;
    const h = await createSlackHarness({ mode, members: clicks });
    try {
      await h.command(h.organizer, "start rounds:1 minutes:5 lobby_minutes:10");
      const lobby = h.emu.messagesIn(h.channelId).at(-1)!;
      const join = actionOn(lobby, "qm:join:");
      const started = performance.now();
      const deliveries = await Promise.all(
        h.members.map(
          (m, i) =>
            new Promise<Awaited<ReturnType<typeof h.driver.click>>>((resolve, reject) => {
              setTimeout(() => h.driver.click(m, lobby, join).then(resolve, reject), (i * 1000) / h.members.length);
            }),
        ),
      );
      const sentWithinMs = performance.now() - started;
      await h.settle();
      const acks = deliveries.map((d) => d.ackMs).sort((a, b) => a - b);
      const sessionId = await h.bot.engine.sessions.channelSessionId("slack", h.emu.teamId, h.channelId);
      const session = sessionId ? await h.bot.engine.sessions.get(sessionId) : undefined;
      rows.push({
        bench: "slack-burst",
        mode,
        clicks,
        sent_within_ms: Math.round(sentWithinMs),
        ack_p50_ms: percentile(acks, 50),
        ack_p99_ms: percentile(acks, 99),
        ack_max_ms: acks.at(-1) ?? 0,
        late_acks: deliveries.filter((d) => d.late).length,
        persisted: session?.participants.length ?? 0,
        all_persisted: (session?.participants.length ?? 0) === clicks,
      });
    } finally {
      await h.stop();
    }
  }
  return rows;
};

export default run;
