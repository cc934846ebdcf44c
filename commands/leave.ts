import { z } from "zod";
import * as say from "../src/messages/templates.ts";
import { sessionInChannel } from "../src/session/lifecycle.ts";
import type { CommandDefinition } from "./types.ts";

const options = z.object({});

export const leave: CommandDefinition<typeof options> = {
  name: "leave",
  description: "Leave the Quick Meet in this channel (your partner is re-paired or told)",
  options,
  optionDocs: {},
  access: "member",
  examples: ["leave"],
  async run(ctx) {
    const session = await sessionInChannel(ctx.engine, ctx.invocation.platform, ctx.invocation);
    const message = session
      ? await ctx.engine.lifecycle.leaveSession(session.id, ctx.invocation.actor.userId)
      : say.noSession;
    return { kind: "message", message, visibility: "private" };
  },
};
