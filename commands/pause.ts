import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { defineCommand } from "./define.ts";
import { flag, wholeNumber } from "./options.ts";

const DAY = 86_400_000;
const options = z
  .object({
    days: wholeNumber("days", 1, 365).optional(),
    resume: flag.optional(),
  })
  .refine(
    (o) => o.days !== undefined || o.resume === true,
    "Say how long to pause with days (1-365), or resume:true to come back now",
  );

export const pause = defineCommand({
  name: "pause",
  description: "Take a break from scheduled Quick Meets for some days; you resume automatically",
  options,
  optionDocs: {
    days: { description: "How many days to pause (1-365)", type: "integer", min: 1, max: 365 },
    resume: { description: "Resume now instead", type: "boolean" },
  },
  access: "member",
  examples: ["pause days:14", "pause resume:yes"],
  async run(ctx, o) {
    const { platform, communityId, actor } = ctx.invocation;
    const until = o.resume ? undefined : ctx.engine.clock.now() + (o.days ?? 0) * DAY;
    await ctx.engine.community.updateMemberState(platform, communityId, actor.userId, (s) => {
      const next = { ...s };
      if (until === undefined) delete next.pausedUntil;
      else next.pausedUntil = until;
      return next;
    });
    const text =
      until === undefined
        ? "Welcome back: you'll be included in scheduled Quick Meets again."
        : `Paused until ${new Date(until).toISOString().slice(0, 10)}. You'll be included again automatically after that; \`/quickmeet pause resume:true\` ends it early.`;
    return privateReply({ text });
  },
});
