import { z } from "zod";
import * as say from "../src/messages/templates.ts";
import { sessionInChannel } from "../src/session/lifecycle.ts";
import type { CommandDefinition } from "./types.ts";

const options = z.object({});

export const status: CommandDefinition<typeof options> = {
  name: "status",
  description: "Where the Quick Meet in this channel is: lobby, round, break, time left, head count",
  options,
  optionDocs: {},
  access: "member",
  examples: ["status"],
  async run(ctx) {
    const session = await sessionInChannel(ctx.engine, ctx.invocation.platform, ctx.invocation);
    const message = session ? say.statusMessage(session, ctx.engine.clock.now()) : say.noSession;
    return { kind: "message", message, visibility: "private" };
  },
};
