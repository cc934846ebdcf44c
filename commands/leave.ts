import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { sessionHere } from "../src/preconditions.ts";
import { defineCommand } from "./define.ts";

const options = z.object({});

export const leave = defineCommand({
  name: "leave",
  description: "Leave the Quick Meet in this channel (your partner is re-paired or told)",
  options,
  optionDocs: {},
  access: "member",
  examples: ["leave"],
  needs: { session: sessionHere },
  async run(ctx, _options, { session }) {
    return privateReply(await ctx.engine.lifecycle.leaveSession(session.id, ctx.invocation.actor.userId));
  },
});
