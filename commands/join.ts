import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { sessionHere } from "../src/preconditions.ts";
import { defineCommand } from "./define.ts";

const options = z.object({});

export const join = defineCommand({
  name: "join",
  description: "Join the Quick Meet running in this channel (same as the Join button)",
  options,
  optionDocs: {},
  access: "member",
  examples: ["join"],
  needs: { session: sessionHere },
  async run(ctx, _options, { session }) {
    return privateReply(await ctx.engine.lifecycle.joinSession(session.id, ctx.invocation.actor));
  },
});
