import { describe, expect, it } from "vitest";
import { readModalValues, renderMessage, renderModal, toMrkdwn } from "../../../adapters/slack/render.ts";
import { literal } from "../../../src/messages/markup.ts";

describe("Slack rendering", () => {
  it("turns **bold** into Slack's *bold* and keeps <@U…> mentions while escaping other angle brackets", () => {
    expect(toMrkdwn("Hi **Ada** & <@U123>, 2 < 3 > 1")).toBe("Hi *Ada* &amp; <@U123>, 2 &lt; 3 &gt; 1");
  });

  it("renders the bot's channel mentions live, not as escaped text", () => {
    expect(toMrkdwn("Stats for <#C0123ABC> and <#C9|general>")).toBe("Stats for <#C0123ABC> and <#C9>");
  });

  it("shows mentions a member typed into their profile as text, never as live mentions", () => {
    const typed = "<@U999> <#C1> <!here> @channel & co";
    expect(toMrkdwn(`<@U1>: ${literal(typed)}`)).toBe(
      "<@U1>: &lt;@U999&gt; &lt;#C1&gt; &lt;!here&gt; @channel &amp; co",
    );
  });

  it("renders title, text, fields and one actions block per button row with action_id = actionId", () => {
    const { text, blocks } = renderMessage({
      title: "Round 1",
      text: "Say **hi**",
      fields: [{ label: "Shared", value: "hiking" }],
      buttons: [
        [
          { actionId: "qm:join:s1", label: "Join", style: "success" },
          { actionId: "qm:leave:s1", label: "Leave", style: "danger" },
        ],
      ],
    });
    expect(text).toBe("Round 1: Say hi");
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions"]);
    const actions = blocks[3] as { elements: Array<{ action_id: string; style?: string }> };
    expect(actions.elements.map((e) => [e.action_id, e.style])).toEqual([
      ["qm:join:s1", "primary"],
      ["qm:leave:s1", "danger"],
    ]);
  });

  it("splits text longer than a section allows", () => {
    const long = Array.from({ length: 100 }, (_, i) => `line ${i} ${"x".repeat(60)}`).join("\n");
    const { blocks } = renderMessage({ text: long });
    expect(blocks.length).toBeGreaterThan(2);
    for (const b of blocks as Array<{ text?: { text: string } }>)
      expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
  });

  it("renders a form as a modal and reads submitted values back by field id", () => {
    const view = renderModal(
      {
        formId: "profile",
        title: "Your Quick Meet profile (long title)",
        fields: [
          { id: "interests", label: "Interests", style: "short", required: true, initial: "hiking" },
          { id: "fun_fact", label: "Fun fact", style: "paragraph", required: false },
        ],
      },
      { formId: "profile", channelId: "C1" },
    );
    expect(view.callback_id).toBe("profile");
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b) => (b as { block_id?: string }).block_id)).toEqual(["interests", "fun_fact"]);
    expect(
      readModalValues({
        interests: { interests: { value: "hiking, chess" } },
        fun_fact: { fun_fact: { value: null } },
      }),
    ).toEqual({
      interests: "hiking, chess",
      fun_fact: "",
    });
  });
});
