import { z } from "zod";
import * as say from "../src/messages/templates.ts";
import { sessionInChannel } from "../src/session/lifecycle.ts";
import type { CommandDefinition } from "./types.ts";

const options = z.object({});

export const join: CommandDefinition<typeof options> = {
  name: "join",
  description: "Join the Quick Meet running in this channel (same as the Join button)",
  options,
  optionDocs: {},
  access: "member",
  examples: ["join"],
  async run(ctx) {
    const session = await sessionInChannel(ctx.engine, ctx.invocation.platform, ctx.invocation);
    const message = session ? await ctx.engine.lifecycle.joinSession(session.id, ctx.invocation.actor) : say.noSession;
    return { kind: "message", message, visibility: "private" };
  },
};
