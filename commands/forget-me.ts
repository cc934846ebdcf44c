import { z } from "zod";
import { privateReply } from "../src/command-definition.ts";
import { forgetMember } from "../src/forget/forget.ts";
import { defineCommand } from "./define.ts";
import { flag } from "./options.ts";

const options = z.object({ confirm: flag.optional() });

export const forgetMe = defineCommand({
  name: "forget-me",
  description: "Delete your profile and anonymise your history in this community",
  options,
  optionDocs: { confirm: { description: "Set to true to confirm: this cannot be undone", type: "boolean" } },
  access: "member",
  examples: ["forget-me confirm:yes"],
  async run(ctx, o) {
    if (o.confirm !== true) {
      return privateReply({
        text: "This deletes your profile, blocks and pause, takes you out of any running Quick Meet, and replaces your name in past records with an anonymous id. It can't be undone. Run `/quickmeet forget-me confirm:true` to go ahead.",
      });
    }
    const { platform, communityId, actor } = ctx.invocation;
    await forgetMember(ctx.engine, platform, communityId, actor.userId);
    return privateReply({ text: "Done: your profile is deleted and your history is anonymised." });
  },
});
