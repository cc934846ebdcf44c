import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import * as say from "../src/messages/templates.ts";
import { sessionHere } from "../src/preconditions.ts";
import { defineCommand } from "./define.ts";

const options = z.object({});

export const status = defineCommand({
  name: "status",
  description: "Where the Quick Meet in this channel is: lobby, round, break, time left, head count",
  options,
  optionDocs: {},
  access: "member",
  examples: ["status"],
  needs: { session: sessionHere },
  async run(ctx, _options, { session }) {
    return privateReply(say.statusMessage(session, ctx.engine.clock.now()));
  },
});
