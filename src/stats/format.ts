import { literal } from "../messages/markup.ts";
import { mention } from "../messages/templates.ts";
import type { RichMessage } from "../platform/port.ts";
import { DORMANT_AFTER_MS, type Period, RATINGS, type StatsReport } from "./types.ts";

/** Members listed by name in the "not grouped for a long time" line; the CSV has everyone. */
const DORMANT_SHOWN = 10;
const TOPICS_SHOWN = 5;

/** Channel size per channel in scope; undefined when the platform could not tell. */
export type ChannelSizes = ReadonlyMap<string, number | undefined>;

export const channelMention = (channelId: string) => `<#${channelId}>`;

const PERIOD_WORDS: Record<Period, string> = {
  "last-session": "Last session",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  all: "All time",
};

const pct = (a: number, b: number) => (b === 0 ? "–" : `${Math.round((a / b) * 100)}%`);
const date = (at: number) => new Date(at).toISOString().slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Last 30 days (2025-03-01 – 2025-03-31) · <#C1>": what the figures cover. */
export function scopeLine(report: StatsReport): string {
  const { query, window } = report;
  const when =
    query.period === "last-session"
      ? report.sessions === 0
        ? "Last session"
        : `Last session (${date(window.from)})`
      : query.period === "all"
        ? "All time"
        : `${PERIOD_WORDS[query.period]} (${date(window.from)} – ${date(window.to)})`;
  return `${when} · ${query.channelId ? channelMention(query.channelId) : "all channels"}`;
}

/**
 * Participation against each channel's member count now, one line per channel. The numerator leaves out members who
 * used forget-me (they may be counted in the channel again under their own id); when more people took part than the
 * channel has members now (some left it), no percentage is given rather than one above 100%.
 */
export function participationLines(report: StatsReport, sizes: ChannelSizes): string {
  return report.channels
    .map(({ channelId, participants }) => {
      const size = sizes.get(channelId);
      if (size === undefined) return `${channelMention(channelId)}: ${participants} took part (channel size unknown)`;
      if (participants > size)
        return `${channelMention(channelId)}: ${participants} took part; ${plural(size, "member")} now (others have left the channel)`;
      return `${channelMention(channelId)}: ${participants} of ${size} members (${pct(participants, size)})`;
    })
    .join("\n");
}

/** Looks like a platform channel id (Slack `C…`/`G…`, a Discord snowflake, the sandbox's): shown as a link. */
const looksLikeId = (v: string) => /^(?:[CG][A-Z0-9]{6,}|\d{15,22})$/.test(v);

/**
 * The answer to `channel:` naming a channel where no Quick Meet ever ran: most often a name typed without picking
 * it (so it never became a link), sometimes a channel that simply has none. Either way, never "no Quick Meets in
 * this period", which would read as a real zero.
 */
export function unknownChannelMessage(given: string, known: readonly string[]): RichMessage {
  // What the organizer typed is shown as typed (never markup): "#general", not a link that leads nowhere.
  const shown = looksLikeId(given) ? channelMention(given) : literal(`#${given}`);
  const list = known.length > 0 ? known.map(channelMention).join(", ") : "none yet";
  return {
    title: "Quick Meet stats",
    text:
      `No Quick Meet has ever run in ${shown}, so there are no stats for it. Channels with Quick Meets: ${list}.\n` +
      "Type `#` and pick the channel from the list so it becomes a link (a name typed as text is not enough), " +
      "or leave out `channel:` to see every channel.",
  };
}

/** "2 cancelled before they started · 1 lobby open now", or "" when every session in scope was held. */
function unheldWords(report: StatsReport): string {
  return [
    report.cancelled > 0
      ? `${report.cancelled} cancelled before ${report.cancelled === 1 ? "it" : "they"} started`
      : "",
    report.inLobby > 0 ? `${report.inLobby} lobby open now` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/**
 * The organizer's private stats reply. Figures only: no message text exists to show, and members who used forget-me
 * are counted but never named.
 */
export function statsMessage(report: StatsReport, sizes: ChannelSizes, attached: readonly string[]): RichMessage {
  const title = "Quick Meet stats";
  const scope = scopeLine(report);
  const dormant = dormantLine(report);
  const unheld = unheldWords(report);
  if (report.sessions === 0) {
    const none = unheld ? `No Quick Meet was held in this period (${unheld}).` : "No Quick Meets in this period.";
    return {
      title,
      text: `${scope}\n${none} Start one with \`/quickmeet start\`, or ask for a longer period (period:all).`,
      ...(dormant ? { fields: [dormant] } : {}),
    };
  }
  const r = report;
  const ended = [
    r.endReasons["ended-early"] > 0 ? `${r.endReasons["ended-early"]} ended early` : "",
    r.endReasons["not-enough-members"] > 0 ? `${r.endReasons["not-enough-members"]} without enough members` : "",
  ].filter(Boolean);
  const closed = r.conversations + r.noShows;
  const fields: { label: string; value: string }[] = [
    {
      label: "Sessions",
      value:
        `${plural(r.sessions, "session")} held, ${plural(r.rounds, "round")}${ended.length ? ` (${ended.join(", ")})` : ""}` +
        (unheld ? ` · ${unheld}` : ""),
    },
    {
      label: "Participants",
      value: `${r.participants} unique: ${r.newMembers} new, ${r.returningMembers} returning · ${r.grouped} in a group`,
    },
    ...(r.known
      ? [
          {
            label: "Known about",
            value: `${pct(r.known.known, r.known.of)} of grouped members had a profile or a chosen role or channel`,
          },
        ]
      : []),
    { label: "Participation", value: participationLines(r, sizes) || "–" },
    {
      label: "Conversations",
      value:
        `${r.conversations} of ${plural(r.groups, "group")} really talked (${pct(r.conversations, r.groups)}) · ` +
        `${plural(r.noShows, "no-show")}` +
        (r.failed > 0 ? ` · ${r.failed} could not open` : "") +
        (r.unfinished > 0 ? ` · ${r.unfinished} still running` : ""),
    },
    {
      label: "Messages",
      value:
        r.averageMessagesPerGroup === null
          ? "none counted yet"
          : `${r.averageMessagesPerGroup.toFixed(1)} per group on average (${r.messages} in ${plural(closed, "group")})`,
    },
    ...(r.voiceRooms > 0
      ? [
          {
            label: "Voice",
            value: `${Math.round(r.voiceSeconds / 60)} min together in ${plural(r.voiceRooms, "voice room")} (${(r.voiceSeconds / 60 / r.voiceRooms).toFixed(1)} per room on average)`,
          },
        ]
      : []),
    {
      label: "Feedback",
      value:
        r.feedbackTotal === 0
          ? "no answers yet"
          : `${RATINGS.map((k) => `${k.replace("-", " ")} ${r.feedback[k]}`).join(" · ")} (${plural(r.feedbackTotal, "answer")})`,
    },
    {
      label: "Stay in touch",
      value: `${r.stayYes} yes · ${r.stayNo} no (one answer per person per group) → ${plural(r.connections, "mutual connection")}`,
    },
    {
      label: "Repeat pairs",
      value:
        r.pairs === 0
          ? "–"
          : `${r.repeatPairs} of ${plural(r.pairs, "pair")} had met before (${pct(r.repeatPairs, r.pairs)})`,
    },
  ];
  if (r.topTopics.length > 0)
    fields.push({
      label: "Top common ground",
      value: r.topTopics
        .slice(0, TOPICS_SHOWN)
        // Topic words come from what members typed in profiles: shown as typed, never as markup or mentions.
        .map((t) => `${literal(t.topic)} (${t.conversations}/${t.groups} talked)`)
        .join(" · "),
    });
  if (dormant) fields.push(dormant);
  // A field with no label of its own is the section's headline ("Scheduled runs: 3: 2 held" read as a stutter).
  for (const section of r.sections)
    for (const f of section.fields)
      fields.push({ label: f.label ? `${section.title}: ${f.label}` : section.title, value: f.value });
  const anonymous =
    r.anonymousParticipants > 0
      ? `\n${plural(r.anonymousParticipants, "participant")} deleted their data: counted anonymously, never named, and left out of participation (if one joined again, they count again under their own name).`
      : "";
  return {
    title,
    text: `${scope}${anonymous}${attached.length ? `\nAttached: ${attached.join(", ")}.` : ""}`,
    fields,
  };
}

function dormantLine(report: StatsReport): { label: string; value: string } | undefined {
  if (report.dormant.length === 0) return undefined;
  const shown = report.dormant.slice(0, DORMANT_SHOWN).map((d) => mention(d.userId));
  const more = report.dormant.length - shown.length;
  return {
    label: `Not grouped for ${Math.round(DORMANT_AFTER_MS / 86_400_000)}+ days`,
    value: `${shown.join(" ")}${more > 0 ? ` and ${more} more` : ""}`,
  };
}
