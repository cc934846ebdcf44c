import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { statsReply } from "../src/stats/reply.ts";
import { DEFAULT_PERIOD, PERIODS } from "../src/stats/types.ts";
import { defineCommand } from "./define.ts";
import { flag } from "./options.ts";

/** Spellings people type on Slack ("7", "last", "alltime") mapped to the period choices Discord shows. */
const PERIOD_ALIASES: Record<string, string> = {
  last: "last-session",
  "last session": "last-session",
  "7": "7d",
  "30": "30d",
  "90": "90d",
  "all-time": "all",
  alltime: "all",
};

const period = z.preprocess(
  (v) => (typeof v === "string" ? (PERIOD_ALIASES[v.trim().toLowerCase()] ?? v.trim().toLowerCase()) : v),
  z.enum(PERIODS, { message: `period must be one of ${PERIODS.join(", ")}` }),
);

/**
 * A channel link (`<#C123>`, `<#C123|general>`: Discord's picker and Slack's escaping send these or the bare id) or
 * what was typed (`#general`): the stats reply refuses, with the channels it knows, any channel that never had a
 * Quick Meet, so a name that was not turned into a link never reads as "no Quick Meets".
 */
const channel = z
  .string()
  .trim()
  .transform((v) => v.replace(/^<#([^>|]+)(\|[^>]*)?>$/, "$1").replace(/^#/, ""))
  .refine(
    (v) => /^[A-Za-z0-9_-]{1,80}$/.test(v),
    "channel takes a channel: type # and pick it from the list (e.g. channel:#general)",
  );

const options = z.object({
  period: period.default(DEFAULT_PERIOD),
  channel: channel.optional(),
  names: flag.optional(),
});

export const stats = defineCommand({
  name: "stats",
  description: "Organizer stats: participation, conversations, feedback, connections, with a chart and CSV export",
  options,
  optionDocs: {
    period: {
      description: "Which sessions: last-session, 7d, 30d (default), 90d or all",
      type: "string",
      choices: PERIODS,
    },
    channel: { description: "Only sessions in this channel (default: every channel)", type: "channel" },
    names: { description: "Put member names in the CSV (pseudonymous otherwise)", type: "boolean" },
  },
  access: "organizer",
  examples: ["stats period:7d", "stats period:all channel:#general names:yes"],
  async run(ctx, o) {
    const message = await statsReply(ctx.engine, ctx.platform, {
      platform: ctx.invocation.platform,
      communityId: ctx.invocation.communityId,
      period: o.period,
      names: o.names ?? false,
      ...(o.channel === undefined ? {} : { channelId: o.channel }),
    });
    return privateReply(message);
  },
});
