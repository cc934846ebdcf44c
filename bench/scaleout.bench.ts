import { percentile } from "../test/scaleout/cluster.ts";
import { runBigRound, runJoinBurst, runRounds, runSecondOnSqlite } from "../test/scaleout/scenarios.ts";
import type { BenchFn, BenchRow } from "./types.ts";

/**
 * Scale-out (issue 16): several real bot processes (Bolt HTTP adapter + the core, STORE_URL=postgres, pg-boss
 * deadlines, Slack pacing on slots shared through the store) against the Slack emulator, each on its own port as
 * behind a load balancer. Needs a PostgreSQL server: `bash scripts/with-postgres.sh npm run bench -- scaleout`
 * (QUICKMEET_TEST_PG_URL). Rows:
 * - rounds: 3 processes x 20 channels (one Quick Meet each) x 2 rounds; state changes, posts per space, lateness of
 *   every closing post after its round's deadline (wall clock; bot time runs 20x so a round takes seconds).
 * - kill-9: the same with a random process killed halfway through round 1.
 * - join-burst: 1,000 Join clicks in one second spread over N = 1, 2, 3 processes.
 * - big-round: two processes, a 500-member round opening; 429 share of every Web API call meanwhile.
 * - sqlite-second: a second `npm start` on a SQLite file another holds.
 */
/** One scenario's rows, or a row saying why it failed: one broken scenario must not hide the others' figures. */
async function guarded(name: string, rows: BenchRow[], fn: () => Promise<BenchRow[]>): Promise<void> {
  let got: BenchRow[];
  try {
    got = await fn();
  } catch (error) {
    got = [{ bench: "scaleout", case: name, error: error instanceof Error ? error.message : String(error) }];
  }
  // Progress on stderr (a full run takes minutes); the table or --json lines come at the end on stdout.
  for (const row of got) console.error(JSON.stringify(row));
  rows.push(...got);
}

const run: BenchFn = async ({ quick }) => {
  const adminUrl = process.env.QUICKMEET_TEST_PG_URL;
  if (!adminUrl)
    return [
      { bench: "scaleout", skipped: "needs PostgreSQL: bash scripts/with-postgres.sh npm run bench -- scaleout" },
    ];
  const rows: BenchRow[] = [];
  const channels = quick ? 5 : 20;
  for (const kill of [false, true]) {
    await guarded(kill ? "kill-9 mid-round" : "rounds", rows, async () => {
      const r = await runRounds({
        adminUrl,
        processes: 3,
        channels,
        membersPerChannel: 4,
        rounds: 2,
        minutes: 2,
        scale: 20,
        rateScale: 20,
        // 30 s of wall clock: 80 clicks into 20 lobbies at once take seconds to persist on a loaded 2-core host.
        lobbyMinutes: 10,
        kill,
      });
      return [
        {
          bench: "scaleout",
          case: kill ? "kill-9 mid-round" : "rounds",
          processes: 3,
          sessions: r.sessions,
          participants: r.participants,
          groups: r.groups,
          stuck: r.stuck,
          state_changes_off: r.stateChangesOff,
          duplicate_posts: r.duplicates,
          missing_posts: r.missing,
          end_p50_ms: percentile(r.lateness, 50),
          end_p99_ms: percentile(r.lateness, 99),
          end_max_ms: Math.max(...r.lateness),
        },
      ];
    });
  }
  for (const processes of [1, 2, 3]) {
    await guarded("join-burst", rows, async () => {
      const r = await runJoinBurst({ adminUrl, processes, clicks: quick ? 300 : 1000 });
      return [
        {
          bench: "scaleout",
          case: "join-burst",
          processes,
          clicks: r.clicks,
          participants: r.participants,
          distinct_clickers: r.distinctClickers,
          youre_in_replies: r.youreIn,
          joined_events: r.joinedEvents,
          lost: r.clicks - r.participants,
          ack_p50_ms: r.ackP50,
          ack_p99_ms: r.ackP99,
          late_acks: r.lateAcks,
        },
      ];
    });
  }
  await guarded("big-round", rows, async () => {
    const big = await runBigRound({ adminUrl, processes: 2, members: quick ? 100 : 500, scale: 20, rateScale: 20 });
    return [
      {
        bench: "scaleout",
        case: "big-round",
        processes: 2,
        members: big.members,
        groups: big.groups,
        intros_posted: big.introsPosted,
        calls: big.calls,
        "429s": big.limited,
        share_429: Number(big.share.toFixed(4)),
        open_ms: big.openMs,
      },
    ];
  });
  await guarded("sqlite-second", rows, async () => {
    const second = await runSecondOnSqlite();
    return [
      {
        bench: "scaleout",
        case: "sqlite-second",
        exit_code: second.code,
        exit_ms: second.ms,
        message: second.message,
      },
    ];
  });
  return rows;
};

export default run;
