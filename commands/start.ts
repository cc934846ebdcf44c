import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { defineCommand } from "./define.ts";
import { sessionOptionDocs, sessionOptionSchemas } from "./options.ts";

const options = z.object(sessionOptionSchemas);

export const start = defineCommand({
  name: "start",
  description: "Start a Quick Meet in this channel: a lobby, then rounds of private conversations",
  options,
  optionDocs: sessionOptionDocs,
  access: "organizer",
  examples: ["start rounds:3 minutes:5 lobby_minutes:2", "start group_size:3 break_seconds:60", "start mode:voice"],
  async run(ctx, o) {
    const d = ctx.settings.defaults;
    const message = await ctx.engine.lifecycle.startSession({
      platform: ctx.invocation.platform,
      channel: { communityId: ctx.invocation.communityId, channelId: ctx.invocation.channelId },
      organizer: ctx.invocation.actor,
      options: {
        rounds: o.rounds ?? d.rounds,
        minutesPerRound: o.minutes ?? d.minutesPerRound,
        lobbyMinutes: o.lobby_minutes ?? d.lobbyMinutes,
        groupSize: o.group_size ?? d.groupSize,
        breakSeconds: o.break_seconds ?? d.breakSeconds,
        ...((o.mode ?? d.mode) === "voice" ? { mode: "voice" as const } : {}),
      },
    });
    return privateReply(message);
  },
});
