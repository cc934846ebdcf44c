import { describe, expect, it } from "vitest";
import { toDiscordContent } from "../../../adapters/discord/render.ts";
import { toMrkdwn } from "../../../adapters/slack/render.ts";
import { mentionedUsers } from "../../../src/messages/markup.ts";
import { createHarness, replyText } from "../../fakes/harness.ts";

/** Text a member could type to ping or restyle everyone who reads their profile. */
const HOSTILE = "<@U0VICTIM> <#C0SECRET> @everyone @here **loud** [link](https://x.invalid)";

describe("text a member typed is shown as typed, never as a mention or markup", () => {
  it("in the profile-saved reply and in /quickmeet me", async () => {
    const h = createHarness();
    const saved = await h.command("a", "profile", { interests: "jazz", fun_fact: HOSTILE });
    const me = await h.command("a", "me");
    for (const reply of [saved, me]) {
      const text = replyText(reply);
      expect(mentionedUsers(text)).not.toContain("U0VICTIM");
      // Both platforms show the characters as typed, with no live mention.
      expect(toDiscordContent(text).replace(/\\(.)/g, "$1")).toContain(HOSTILE);
      expect(toDiscordContent(text)).not.toMatch(/(?<!\\)<@U0VICTIM>|(?<!\\)@everyone/);
      expect(toMrkdwn(text)).toContain("&lt;@U0VICTIM&gt; &lt;#C0SECRET&gt;");
    }
  });

  it("in an intro: the fun fact of one partner notifies nobody but the pair", async () => {
    const h = createHarness();
    await h.command("a", "profile", { interests: "jazz", fun_fact: HOSTILE });
    await h.command("b", "profile", { interests: "jazz" });
    await h.command("org", "start", { rounds: 1, minutes: 3, lobby_minutes: 1 }, true);
    const join = h.lobby()?.message.buttons?.[0]?.[0]?.actionId ?? "";
    await h.click("a", join);
    await h.click("b", join);
    await h.advance(60_000);
    const intro = h.platform.spaces[0]?.messages[0];
    expect(intro?.text).toContain("**What you share:**");
    expect(mentionedUsers(intro?.text ?? "").sort()).toEqual(["a", "b"]);
  });
});
