import type { EventRecord, PlatformId, Session } from "../domain/types.ts";
import type { EngineParts } from "../engine-parts.ts";
import type { Attachment, ChatPlatform, RichMessage } from "../platform/port.ts";
import { keys } from "../store/keys.ts";
import { renderChart } from "./chart.ts";
import { computeStats } from "./compute.ts";
import { membersCsv, sessionsCsv } from "./csv.ts";
import { type ChannelSizes, statsMessage, unknownChannelMessage } from "./format.ts";
import type { Period, StatsReport } from "./types.ts";

/** What an organizer asked `/quickmeet stats` for. */
export interface StatsRequest {
  platform: PlatformId;
  communityId: string;
  period: Period;
  channelId?: string;
  /** Put user ids and display names in the member CSV (pseudonyms otherwise). */
  names: boolean;
}

const PERIOD_TITLES: Record<Period, string> = {
  "last-session": "last session",
  "7d": "last 7 days",
  "30d": "last 30 days",
  "90d": "last 90 days",
  all: "all time",
};

const utf8 = new TextEncoder();

/** Asks the platform how many people see each channel; a failure leaves that rate unknown instead of failing stats. */
async function channelSizes(
  ctx: Pick<EngineParts, "logger">,
  platform: ChatPlatform,
  report: StatsReport,
  communityId: string,
) {
  const sizes = new Map<string, number | undefined>();
  await Promise.all(
    report.channels.map(async ({ channelId }) => {
      try {
        sizes.set(channelId, await platform.countChannelMembers({ communityId, channelId }));
      } catch (error) {
        ctx.logger.warn("could not count channel members for stats", { channelId, error });
        sizes.set(channelId, undefined);
      }
    }),
  );
  return sizes as ChannelSizes;
}

/**
 * Display names for the member CSV: the name each member had when they joined a session in scope, else their
 * profile's name. Anonymous members are never looked up (their alias matches no record anyway).
 */
async function displayNames(
  ctx: Pick<EngineParts, "community" | "store">,
  req: StatsRequest,
  report: StatsReport,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const sessions = await ctx.store.getMany<Session>(report.perSession.map((s) => keys.session(s.sessionId)));
  for (const s of sessions) for (const [id, name] of Object.entries(s?.names ?? {})) names.set(id, name);
  // Joiners' names are on their member rows (one per joiner), not in the session record.
  for (const s of report.perSession)
    for (const j of await ctx.store.setEntries<string>(keys.sessionJoiners(s.sessionId)))
      if (j.data !== undefined) names.set(j.member, j.data);
  const missing = report.perMember.filter((m) => !m.anonymous && !names.has(m.userId)).map((m) => m.userId);
  const profiles = await ctx.community.profiles(req.platform, req.communityId, missing);
  for (const [id, p] of profiles) names.set(id, p.displayName);
  return names;
}

/** The chart PNG and the two CSVs, as plain attachments any adapter can upload. */
export function statsAttachments(report: StatsReport, names?: ReadonlyMap<string, string>): Attachment[] {
  const tag = report.query.period;
  const subtitle = [
    report.query.channelId ? "one channel" : "all channels",
    `${report.sessions} session${report.sessions === 1 ? "" : "s"} held` +
      (report.cancelled > 0 ? ` (${report.cancelled} cancelled before starting: no bar)` : ""),
    `${new Date(report.window.from).toISOString().slice(0, 10)} to ${new Date(report.window.to).toISOString().slice(0, 10)} (UTC)`,
  ].join(" · ");
  return [
    {
      name: `quickmeet-stats-${tag}.png`,
      contentType: "image/png",
      data: renderChart(report.perSession, {
        title: `Quick Meets: participation and conversations, ${PERIOD_TITLES[tag]}`,
        subtitle,
      }),
    },
    { name: `quickmeet-sessions-${tag}.csv`, contentType: "text/csv", data: utf8.encode(sessionsCsv(report)) },
    { name: `quickmeet-members-${tag}.csv`, contentType: "text/csv", data: utf8.encode(membersCsv(report, names)) },
  ];
}

/** Channels where a Quick Meet (live or scheduled) ever ran, in order of first appearance. */
function channelsWithMeets(events: readonly EventRecord[]): string[] {
  const seen = new Set<string>();
  for (const e of events)
    if (e.type === "session-started" || e.type === "async-meet-started" || e.type === "schedule-run")
      seen.add(e.channelId);
  return [...seen];
}

/** Computes the stats from the stored event stream and builds the organizer's private reply with its attachments. */
export async function statsReply(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "store">,
  platform: ChatPlatform,
  req: StatsRequest,
): Promise<RichMessage> {
  const events = await ctx.community.events(req.platform, req.communityId);
  const known = channelsWithMeets(events);
  if (req.channelId !== undefined && !known.includes(req.channelId)) return unknownChannelMessage(req.channelId, known);
  const report = computeStats(events, {
    period: req.period,
    now: ctx.clock.now(),
    ...(req.channelId === undefined ? {} : { channelId: req.channelId }),
  });
  const sizes = await channelSizes(ctx, platform, report, req.communityId);
  if (report.sessions === 0) return statsMessage(report, sizes, []);
  const names = req.names ? await displayNames(ctx, req, report) : undefined;
  const attachments = statsAttachments(report, names);
  const described = [
    "a chart of participation and conversations",
    "per-session CSV",
    `per-member CSV (${names ? "with names" : "pseudonymous; names:true adds names"})`,
  ];
  return { ...statsMessage(report, sizes, described), attachments };
}
