import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import * as say from "../src/messages/templates.ts";
import { sessionHere } from "../src/preconditions.ts";
import { defineCommand } from "./define.ts";

const options = z.object({});

export const end = defineCommand({
  name: "end",
  description: "End the Quick Meet running in this channel now (the current round still gets its feedback)",
  options,
  optionDocs: {},
  access: "organizer",
  examples: ["end"],
  needs: { session: sessionHere },
  async run(ctx, _options, { session }) {
    const outcome = await ctx.engine.lifecycle.endSessionEarly(session.id);
    return privateReply(
      outcome === "cancelled"
        ? say.cancelledBeforeStart
        : { text: "Quick Meet ended. The summary is on its way to you." },
    );
  },
});
