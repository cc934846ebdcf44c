import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import type { SessionFigures } from "./types.ts";

/** Size of the chart PNG in pixels; adapters and tests rely on it. */
export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 540;

/**
 * Up to this many sessions the chart draws one bar group per session, each numbered; beyond, it groups them by week,
 * then by month. At 60 a bar group is ~14 px wide, the narrowest that still fits a two-digit number under it.
 */
const MAX_SESSION_POINTS = 60;
/** Week or month buckets shown at most (wider slots: their labels are dates). */
const MAX_BUCKET_POINTS = 40;
const DAY = 86_400_000;
const COLORS = {
  participants: "#4f46e5",
  conversations: "#16a34a",
  noShows: "#f59e0b",
  grid: "#e5e7eb",
  ink: "#111827",
  muted: "#6b7280",
};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** One bar group of the chart: a session, or a week or month of sessions. */
export interface ChartPoint {
  at: number;
  /** Under the bar: the session's number (as in the sessions CSV), or the week's or month's date. */
  label: string;
  /** Per-session points: the UTC day ("Dec 6"), drawn once under the run of sessions it holds. */
  day?: string;
  /** Per-session points: the UTC start time ("14:05"), shown when there is room. */
  time?: string;
  participants: number;
  conversations: number;
  noShows: number;
}

export interface ChartOptions {
  title: string;
  subtitle: string;
}

const dayLabel = (at: number) => {
  const d = new Date(at);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
};
const timeLabel = (at: number) => new Date(at).toISOString().slice(11, 16);

/** Points to draw: one per session, or per week/month when there are too many sessions to show one bar each. */
export function chartPoints(sessions: readonly SessionFigures[]): {
  points: ChartPoint[];
  unit: "session" | "week" | "month";
} {
  const one = (s: SessionFigures, at: number, label: string): ChartPoint => ({
    at,
    label,
    participants: s.participants,
    conversations: s.conversations,
    noShows: s.noShows,
  });
  const sorted = [...sessions].sort((a, b) => a.startedAt - b.startedAt || a.number - b.number);
  // Numbers, not dates, tell sessions apart: several sessions on one day would otherwise all read "Dec 6".
  if (sorted.length <= MAX_SESSION_POINTS)
    return {
      points: sorted.map((s) => ({
        ...one(s, s.startedAt, String(s.number)),
        day: dayLabel(s.startedAt),
        time: timeLabel(s.startedAt),
      })),
      unit: "session",
    };
  const bucket = (unit: "week" | "month") => {
    const buckets = new Map<number, ChartPoint>();
    for (const s of sorted) {
      const d = new Date(s.startedAt);
      const start =
        unit === "month"
          ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
          : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
      const label =
        unit === "month"
          ? `${MONTHS[new Date(start).getUTCMonth()]} ${new Date(start).getUTCFullYear()}`
          : dayLabel(start);
      const p = buckets.get(start);
      if (p) {
        p.participants += s.participants;
        p.conversations += s.conversations;
        p.noShows += s.noShows;
      } else buckets.set(start, one(s, start, label));
    }
    return [...buckets.values()];
  };
  const weeks = bucket("week");
  return weeks.length <= MAX_BUCKET_POINTS
    ? { points: weeks, unit: "week" }
    : { points: bucket("month"), unit: "month" };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A "nice" axis maximum and step (1, 2 or 5 times a power of ten) for values up to `max`. */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 5, step: 1 };
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw) ?? 10 * pow;
  return { top: Math.ceil(max / step) * step, step: Math.max(1, step) };
}

/**
 * The chart as SVG: per point, a bar of participants beside a stacked bar of conversations and no-shows (groups
 * whose space closed with fewer than two writers). Kept as a pure string builder so it is testable without rendering.
 */
export function chartSvg(points: readonly ChartPoint[], options: ChartOptions): string {
  const W = CHART_WIDTH;
  const H = CHART_HEIGHT;
  const plot = { left: 64, right: W - 24, top: 112, bottom: H - 84 };
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Inter, DejaVu Sans, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="24" y="38" font-size="22" font-weight="600" fill="${COLORS.ink}">${esc(options.title)}</text>`,
    `<text x="24" y="62" font-size="14" fill="${COLORS.muted}">${esc(options.subtitle)}</text>`,
  ];
  const legend: [string, string][] = [
    ["Participants", COLORS.participants],
    ["Conversations", COLORS.conversations],
    ["No-shows", COLORS.noShows],
  ];
  legend.forEach(([label, color], i) => {
    const x = 24 + i * 140;
    out.push(`<rect x="${x}" y="78" width="12" height="12" rx="2" fill="${color}"/>`);
    out.push(`<text x="${x + 18}" y="89" font-size="13" fill="${COLORS.ink}">${label}</text>`);
  });
  if (points.length === 0) {
    out.push(
      `<text x="${W / 2}" y="${H / 2}" font-size="18" text-anchor="middle" fill="${COLORS.muted}">No Quick Meets in this period</text>`,
      "</svg>",
    );
    return out.join("");
  }
  const max = Math.max(...points.map((p) => Math.max(p.participants, p.conversations + p.noShows)));
  const { top, step } = axis(max);
  const y = (v: number) => plot.bottom - (v / top) * (plot.bottom - plot.top);
  for (let v = 0; v <= top; v += step) {
    out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${y(v)}" y2="${y(v)}" stroke="${COLORS.grid}"/>`);
    out.push(
      `<text x="${plot.left - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end" fill="${COLORS.muted}">${v}</text>`,
    );
  }
  const slot = (plot.right - plot.left) / points.length;
  const bar = Math.min(28, slot * 0.36);
  const perSession = points.some((p) => p.day !== undefined);
  // Session numbers are short enough to label every bar; dates of weeks and months need a wider slot each.
  const labelEvery = perSession ? Math.ceil(22 / slot) : Math.ceil(points.length / 14);
  const withTime = perSession && slot >= 72;
  points.forEach((p, i) => {
    const cx = plot.left + slot * (i + 0.5);
    const rect = (x: number, from: number, to: number, color: string) =>
      to > from
        ? `<rect x="${x.toFixed(1)}" y="${y(to).toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(from) - y(to)).toFixed(1)}" fill="${color}"/>`
        : "";
    out.push(rect(cx - bar - 1, 0, p.participants, COLORS.participants));
    out.push(rect(cx + 1, 0, p.conversations, COLORS.conversations));
    out.push(rect(cx + 1, p.conversations, p.conversations + p.noShows, COLORS.noShows));
    if (points.length <= 20) {
      out.push(
        `<text x="${cx - bar / 2 - 1}" y="${y(p.participants) - 5}" font-size="11" text-anchor="middle" fill="${COLORS.ink}">${p.participants}</text>`,
      );
      const talked = p.noShows > 0 ? `${p.conversations}/${p.conversations + p.noShows}` : String(p.conversations);
      out.push(
        `<text x="${cx + bar / 2 + 1}" y="${y(p.conversations + p.noShows) - 5}" font-size="11" text-anchor="middle" fill="${COLORS.ink}">${talked}</text>`,
      );
    }
    if (i % labelEvery === 0) {
      const text = withTime ? `#${p.label} · ${p.time}` : perSession ? `#${p.label}` : p.label;
      out.push(
        `<text x="${cx.toFixed(1)}" y="${plot.bottom + 18}" font-size="${perSession && slot < 30 ? 10 : 12}" text-anchor="middle" fill="${COLORS.ink}">${esc(text)}</text>`,
      );
    }
  });
  if (perSession) out.push(...dayRow(points, plot, slot));
  out.push(
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="${COLORS.muted}"/>`,
  );
  out.push(
    `<text x="24" y="${H - 14}" font-size="12" fill="${COLORS.muted}">${perSession ? "#n: session number, as in the sessions CSV; times UTC. " : ""}Conversations: groups where two or more wrote; no-shows: fewer did.</text>`,
  );
  out.push("</svg>");
  return out.join("");
}

/**
 * The second label row of a per-session chart: each UTC day written once, centred under its run of sessions, with a
 * tick between days; a day whose label would overlap the previous one is left to its tick (hover-free reading).
 */
function dayRow(points: readonly ChartPoint[], plot: { left: number; bottom: number }, slot: number): string[] {
  const out: string[] = [];
  const CHAR_PX = 7; // Inter at 12 px averages under 7 px a character
  let lastRight = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < points.length; ) {
    let j = i;
    while (j + 1 < points.length && points[j + 1]?.day === points[i]?.day) j++;
    const x0 = plot.left + slot * i;
    const x1 = plot.left + slot * (j + 1);
    if (i > 0)
      out.push(
        `<line x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${plot.bottom}" y2="${plot.bottom + 44}" stroke="${COLORS.grid}"/>`,
      );
    const day = points[i]?.day ?? "";
    const count = j - i + 1;
    const text = count > 1 ? `${day} (${count})` : day;
    const centre = (x0 + x1) / 2;
    const half = (text.length * CHAR_PX) / 2;
    if (centre - half > lastRight + 6) {
      out.push(
        `<text x="${centre.toFixed(1)}" y="${plot.bottom + 38}" font-size="12" text-anchor="middle" fill="${COLORS.muted}">${esc(text)}</text>`,
      );
      lastRight = centre + half;
    }
    i = j + 1;
  }
  return out;
}

/** Inter ships as TTF files in an npm package, so text renders the same on a machine with no system fonts. */
function fontFiles(): string[] {
  try {
    const require = createRequire(import.meta.url);
    return ["400Regular/Inter_400Regular.ttf", "600SemiBold/Inter_600SemiBold.ttf"].map((f) =>
      require.resolve(`@expo-google-fonts/inter/${f}`),
    );
  } catch {
    return [];
  }
}

let fonts: string[] | undefined;

/** Renders the SVG to PNG in-process with resvg (a prebuilt native module from npm; no browser, no download). */
export function renderPng(svg: string): Uint8Array {
  fonts ??= fontFiles();
  const resvg = new Resvg(svg, {
    font: { fontFiles: fonts, loadSystemFonts: fonts.length === 0, defaultFontFamily: "Inter" },
    fitTo: { mode: "original" },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** The stats chart as PNG bytes: participation and conversations per session (or week/month) over time. */
export function renderChart(sessions: readonly SessionFigures[], options: ChartOptions): Uint8Array {
  const { points, unit } = chartPoints(sessions);
  const subtitle = unit === "session" ? options.subtitle : `${options.subtitle} · totals per ${unit}`;
  return renderPng(chartSvg(points, { ...options, subtitle }));
}
