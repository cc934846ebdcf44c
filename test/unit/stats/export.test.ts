import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH, chartPoints, chartSvg, renderChart } from "../../../src/stats/chart.ts";
import { computeStats } from "../../../src/stats/compute.ts";
import { membersCsv, sessionsCsv, toCsv } from "../../../src/stats/csv.ts";
import type { SessionFigures } from "../../../src/stats/types.ts";
import { DAY, NOW, recordedHistory } from "./fixtures.ts";
import { parseCsv, pngSize } from "./png.ts";

const report = computeStats(recordedHistory().events, { period: "all", now: NOW });

describe("the stats chart", () => {
  it("renders a PNG of the documented size", () => {
    const png = renderChart(report.perSession, { title: "Quick Meets", subtitle: "all channels" });
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    if (process.env.STATS_SAMPLE_PNG) writeFileSync(process.env.STATS_SAMPLE_PNG, png);
  });

  it("draws one bar group per session with participants and conversations", () => {
    const { points, unit } = chartPoints(report.perSession);
    expect(unit).toBe("session");
    // S4 was cancelled before it started: no bar.
    expect(points.map((p) => [p.label, p.day, p.participants, p.conversations, p.noShows])).toEqual([
      ["1", "May 21", 4, 2, 2],
      ["2", "Jun 20", 5, 2, 0],
      ["3", "Jun 28", 2, 0, 0],
    ]);
    const svg = chartSvg(points, { title: "T <&>", subtitle: "s" });
    expect(svg).toContain("T &lt;&amp;&gt;");
    expect(svg).toContain(">Participants<");
  });

  it("groups many sessions by week, then by month", () => {
    const many = (n: number, every: number): SessionFigures[] =>
      Array.from({ length: n }, (_, i) => ({
        ...report.perSession[0]!,
        number: n - i,
        sessionId: `x${i}`,
        startedAt: NOW - i * every,
      }));
    expect(chartPoints(many(60, DAY)).unit).toBe("session");
    const weekly = chartPoints(many(61, DAY));
    expect(weekly.unit).toBe("week");
    expect(weekly.points.reduce((n, p) => n + p.participants, 0)).toBe(61 * 4);
    const monthly = chartPoints(many(61, 7 * DAY));
    expect(monthly.unit).toBe("month");
    expect(monthly.points.length).toBeLessThanOrEqual(15);
    expect(pngSize(renderChart(many(400, DAY / 2), { title: "t", subtitle: "s" }))).toEqual({
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
    });
  });

  it("labels sessions that share a day apart: a number each, the day once under them", () => {
    const day = Date.UTC(2026, 11, 6, 14);
    const six = Array.from({ length: 6 }, (_, i) => ({
      ...report.perSession[0]!,
      number: i + 1,
      sessionId: `d${i}`,
      startedAt: day + i * 10 * 60_000,
    }));
    const { points } = chartPoints(six);
    // Before: every bar read "Dec 6".
    expect(points.map((p) => p.label)).toEqual(["1", "2", "3", "4", "5", "6"]);
    const svg = chartSvg(points, { title: "t", subtitle: "s" });
    expect(svg).toContain(">#1 · 14:00<");
    expect(svg).toContain(">#6 · 14:50<");
    expect(svg.match(/>Dec 6 \(6\)</g)).toHaveLength(1);
  });

  it("keeps 50 sessions one bar each, with labels that do not overlap", () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({
      ...report.perSession[0]!,
      number: i + 1,
      sessionId: `f${i}`,
      startedAt: NOW - 30 * DAY + Math.floor(i / 3) * DAY + (i % 3) * 3_600_000,
    }));
    const { points, unit } = chartPoints(fifty);
    expect(unit).toBe("session");
    expect(points).toHaveLength(50);
    const svg = chartSvg(points, { title: "t", subtitle: "s" });
    // Text under the bars, per row: no two labels closer than their width (Inter ~7 px a character at 12 px).
    for (const row of [CHART_HEIGHT - 84 + 18, CHART_HEIGHT - 84 + 38]) {
      const labels = [...svg.matchAll(new RegExp(`<text x="([\\d.]+)" y="${row}"[^>]*>([^<]+)<`, "g"))].map((m) => ({
        x: Number(m[1]),
        width: (m[2] ?? "").length * 7,
      }));
      expect(labels.length).toBeGreaterThan(row === CHART_HEIGHT - 84 + 18 ? 20 : 5);
      for (let i = 1; i < labels.length; i++)
        expect(labels[i]!.x - labels[i - 1]!.x).toBeGreaterThanOrEqual((labels[i]!.width + labels[i - 1]!.width) / 2);
    }
    if (process.env.STATS_SAMPLE_PNG)
      writeFileSync(
        process.env.STATS_SAMPLE_PNG.replace(/\.png$/, "-50.png"),
        renderChart(fifty, { title: "t", subtitle: "s" }),
      );
  });

  it("renders an empty period without failing", () => {
    expect(pngSize(renderChart([], { title: "t", subtitle: "s" })).width).toBe(CHART_WIDTH);
  });
});

describe("the CSV export", () => {
  it("has one row per session with the computed figures", () => {
    const rows = parseCsv(sessionsCsv(report));
    const header = rows[0]!;
    const s2 = Object.fromEntries(header.map((h, i) => [h, rows[2]![i]]));
    const s4 = Object.fromEntries(header.map((h, i) => [h, rows[4]![i]]));
    expect(rows).toHaveLength(5);
    expect(s4).toMatchObject({ number: "", status: "cancelled", session: "S4", participants: "0", groups: "0" });
    expect(s2).toMatchObject({
      number: "2",
      status: "held",
      session: "S2",
      channel: "C1",
      end_reason: "ended-early",
      rounds: "2",
      participants: "5",
      groups: "3",
      conversations: "2",
      failed_spaces: "1",
      messages: "19",
      avg_messages_per_group: "9.50",
      feedback_great: "2",
      feedback_report: "1",
      stay_in_touch_yes: "3",
      connections: "1",
      repeat_pairs: "1",
    });
  });

  it("is pseudonymous by default and names members only when asked", () => {
    const plain = parseCsv(membersCsv(report));
    expect(plain[0]?.slice(0, 2)).toEqual(["member", "sessions"]);
    expect(plain.slice(1).map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `member-000${n}`));
    expect(plain.flat()).not.toContain("a");
    const named = parseCsv(membersCsv(report, new Map([["a", 'Alex, "the" organizer']])));
    expect(named[0]?.slice(0, 3)).toEqual(["member", "user_id", "name"]);
    expect(named[1]?.slice(0, 3)).toEqual(["member-0001", "a", 'Alex, "the" organizer']);
  });

  it("defuses spreadsheet formulas in names", () => {
    expect(toCsv(["name"], [["=HYPERLINK(1)"], ["-2"], ["ok"]])).toBe("name\r\n'=HYPERLINK(1)\r\n'-2\r\nok\r\n");
  });
});
