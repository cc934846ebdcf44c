import { z } from "zod";
import * as say from "../src/messages/templates.ts";
import { sessionInChannel } from "../src/session/lifecycle.ts";
import type { CommandDefinition } from "./types.ts";

const options = z.object({});

export const end: CommandDefinition<typeof options> = {
  name: "end",
  description: "End the Quick Meet running in this channel now (the current round still gets its feedback)",
  options,
  optionDocs: {},
  access: "organizer",
  examples: ["end"],
  async run(ctx) {
    const session = await sessionInChannel(ctx.engine, ctx.invocation.platform, ctx.invocation);
    if (!session) return { kind: "message", message: say.noSession, visibility: "private" };
    const outcome = await ctx.engine.lifecycle.endSessionEarly(session.id);
    return {
      kind: "message",
      message:
        outcome === "cancelled"
          ? say.cancelledBeforeStart
          : { text: "Quick Meet ended. The summary is on its way to you." },
      visibility: "private",
    };
  },
};
