import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { optIn, optOut, poolStatus } from "../src/schedule/pool.ts";
import { defineCommand } from "./define.ts";

const ACTIONS = ["in", "out", "status"] as const;
const options = z.object({
  action: z.enum(ACTIONS, { message: "action must be in, out or status" }).optional(),
});

/** `/quickmeet opt`: join or leave this channel's pool for async (scheduled) Quick Meets. */
export const opt = defineCommand({
  name: "opt",
  description: "Join (in) or leave (out) this channel's pool for scheduled async Quick Meets",
  options,
  optionDocs: {
    action: { description: "in, out, or status (default)", type: "string", choices: ACTIONS },
  },
  access: "member",
  examples: ["opt action:out", "opt action:in"],
  async run(ctx, o) {
    const { engine, invocation: inv } = ctx;
    const message =
      o.action === "in"
        ? await optIn(engine, inv, inv.channelId)
        : o.action === "out"
          ? await optOut(engine, inv, inv.channelId)
          : await poolStatus(engine, inv, inv.channelId);
    return privateReply(message);
  },
});
