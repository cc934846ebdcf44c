import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { mention, unblocked } from "../src/messages/templates.ts";
import { defineCommand } from "./define.ts";
import { flag, userId } from "./options.ts";

const options = z.object({ member: userId("member"), undo: flag.optional() });

export const block = defineCommand({
  name: "block",
  description: "Never be grouped with this member (they are not told); undo:true lifts it",
  options,
  optionDocs: {
    member: { description: "The member you never want to be grouped with", type: "user" },
    undo: { description: "Lift the block instead", type: "boolean" },
  },
  access: "member",
  examples: ["block member:@alex", "block member:@alex undo:yes"],
  async run(ctx, o) {
    const { platform, communityId, actor } = ctx.invocation;
    if (o.member === actor.userId) return privateReply({ text: "You can't block yourself." });
    await ctx.engine.community.updateMemberState(platform, communityId, actor.userId, (s) => ({
      ...s,
      blocked: o.undo ? s.blocked.filter((b) => b !== o.member) : [...new Set([...s.blocked, o.member])],
    }));
    if (o.undo) return privateReply(unblocked(o.member));
    const text = `Done. You'll never be grouped with ${mention(o.member)}. They are not told.`;
    return privateReply({ text });
  },
});
