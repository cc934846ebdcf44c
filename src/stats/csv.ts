import type { MemberFigures, StatsReport } from "./types.ts";
import { RATINGS } from "./types.ts";

type Cell = string | number | undefined;

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (display names are typed by members)
 * gets a leading apostrophe, so opening the export can never execute anything.
 */
function field(v: Cell): string {
  if (v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(2);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV text with CRLF line ends, as spreadsheets expect. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());
const ratio = (a: number, b: number) => (b === 0 ? undefined : a / b);

/**
 * One row per session in scope, oldest first: held sessions with their number (as under the chart's bars), and
 * sessions cancelled before they started or still in their lobby, with status saying so and every figure 0.
 */
export function sessionsCsv(report: StatsReport): string {
  const header = [
    "number",
    "status",
    "session",
    "channel",
    "started_at",
    "ended_at",
    "end_reason",
    "rounds",
    "participants",
    "grouped",
    "new_members",
    "groups",
    "conversations",
    "no_shows",
    "failed_spaces",
    "unfinished",
    "messages",
    "avg_messages_per_group",
    "voice_rooms",
    "voice_minutes_together",
    ...RATINGS.map((r) => `feedback_${r.replace("-", "_")}`),
    "stay_in_touch_yes",
    "stay_in_touch_no",
    "connections",
    "pairs",
    "repeat_pairs",
  ];
  const held = report.perSession.map((s) => [
    s.number,
    "held",
    s.sessionId,
    s.channelId,
    iso(s.startedAt),
    iso(s.endedAt),
    s.endReason,
    s.rounds,
    s.participants,
    s.grouped,
    s.newMembers,
    s.groups,
    s.conversations,
    s.noShows,
    s.failed,
    s.unfinished,
    s.messages,
    ratio(s.messages, s.conversations + s.noShows),
    s.voiceRooms,
    (s.voiceSeconds / 60).toFixed(1),
    ...RATINGS.map((r) => s.feedback[r]),
    s.stayYes,
    s.stayNo,
    s.connections,
    s.pairs,
    s.repeatPairs,
  ]);
  const figures = header.length - 7; // every column after end_reason
  const unheld = report.unheld.map((s) => [
    undefined,
    s.status,
    s.sessionId,
    s.channelId,
    iso(s.startedAt),
    iso(s.endedAt),
    undefined,
    ...Array.from({ length: figures }, (_, i) => (header[7 + i] === "avg_messages_per_group" ? undefined : 0)),
  ]);
  const rows = [...held, ...unheld].sort((a, b) => String(a[4]).localeCompare(String(b[4])));
  return toCsv(header, rows);
}

/** Stable pseudonym from a member's rank of first appearance in the community's history. */
export const pseudonym = (m: Pick<MemberFigures, "ordinal">) => `member-${String(m.ordinal).padStart(4, "0")}`;

/**
 * One row per member in scope. Pseudonymous unless `names` is given (then user id and display name are added).
 * Members who used forget-me have no row at all: their figures stay in the totals, but no row can be traced to them.
 */
export function membersCsv(report: StatsReport, names?: ReadonlyMap<string, string>): string {
  const header = [
    "member",
    ...(names ? ["user_id", "name"] : []),
    "sessions",
    "groups",
    "conversations",
    "silent_groups",
    "messages",
    "feedback_given",
    "stay_in_touch_yes",
    "connections",
    "new_in_period",
    "first_seen",
    "last_grouped",
  ];
  const rows = report.perMember
    .filter((m) => !m.anonymous)
    .map((m) => [
      pseudonym(m),
      ...(names ? [m.userId, names.get(m.userId) ?? ""] : []),
      m.sessions,
      m.groups,
      m.conversations,
      m.silentGroups,
      m.messages,
      m.feedbackGiven,
      m.stayYes,
      m.connections,
      m.isNew ? "yes" : "no",
      iso(m.firstSeenAt)?.slice(0, 10),
      iso(m.lastGroupedAt)?.slice(0, 10),
    ]);
  return toCsv(header, rows);
}
