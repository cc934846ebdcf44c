import { describe, expect, it } from "vitest";
import {
  messageBlocks,
  readModalValues,
  renderMessage,
  renderMessages,
  renderModal,
  toMrkdwn,
} from "../../../adapters/slack/render.ts";
import { clip, splitText } from "../../../adapters/slack/split.ts";
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

describe("Slack rendering within Slack's limits", () => {
  const channels = Array.from(
    { length: 80 },
    (_, i) => `<#C${String(i).padStart(9, "0")}>: ${i} of ${i + 40} members (50%)`,
  );

  it("splits a field too long for a section field over sections of its own, label repeated, nothing cut", () => {
    const value = channels.join("\n");
    expect(value.length).toBeGreaterThan(2000);
    const blocks = messageBlocks({
      text: "Stats",
      fields: [
        { label: "Sessions", value: "60" },
        { label: "Participation", value },
        { label: "Feedback", value: "great 3" },
      ],
    }) as Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }>;
    expect(blocks.map((b) => (b.fields ? "fields" : b.type))).toEqual([
      "section",
      "fields",
      "section",
      "section",
      "fields",
    ]);
    expect(blocks[2]!.text!.text.startsWith("*Participation*\n")).toBe(true);
    expect(blocks[3]!.text!.text.startsWith("*Participation (continued)*\n")).toBe(true);
    const shown = blocks.map((b) => b.text?.text ?? "").join("\n");
    for (let i = 0; i < 80; i++) expect(shown).toContain(`C${String(i).padStart(9, "0")}`);
    for (const b of blocks) expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
  });

  it("spreads a message over several Slack messages past 50 blocks, buttons in the last one", () => {
    const fields = Array.from({ length: 600 }, (_, i) => ({ label: `F${i}`, value: "v" }));
    const bodies = renderMessages({ title: "Big", text: "t", fields, buttons: [[{ actionId: "qm:x", label: "Go" }]] });
    expect(bodies.length).toBeGreaterThan(1);
    for (const b of bodies) expect(b.blocks.length).toBeLessThanOrEqual(50);
    expect(bodies.at(-1)!.blocks.at(-1)!.type).toBe("actions");
    expect(bodies.flatMap((b) => b.blocks).filter((b) => b.type === "section" && "fields" in b)).toHaveLength(60);
  });

  it("fits one message (edits) by saying what was left out, never dropping its buttons", () => {
    const fields = Array.from({ length: 600 }, (_, i) => ({ label: `F${i}`, value: "v" }));
    const { blocks } = renderMessage({ text: "t", fields, buttons: [[{ actionId: "qm:x", label: "Go" }]] });
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)!.type).toBe("actions");
    expect(JSON.stringify(blocks.at(-2))).toContain("13 more parts not shown here");
  });

  it("cuts text only at safe places: not inside an emoji, an entity or a mention", () => {
    expect(clip(`${"a".repeat(9)}🎉`, 10)).toBe(`${"a".repeat(9)}…`);
    expect(splitText(`${"a".repeat(8)}&amp;b`, 10)).toEqual(["a".repeat(8), "&amp;b"]);
    expect(splitText(`${"a".repeat(6)}<@U12345>`, 10)).toEqual(["a".repeat(6), "<@U12345>"]);
    expect(splitText("one two three four", 9)).toEqual(["one two", "three", "four"]);
  });

  it("widens a form field whose stored value is longer than its limit, so the form still opens", () => {
    const view = renderModal(
      {
        formId: "profile",
        title: "Profile",
        fields: [{ id: "i", label: "I", style: "short", required: false, maxLength: 600, initial: "x".repeat(628) }],
      },
      { formId: "profile", channelId: "C1" },
    );
    const element = (view.blocks[0] as { element: { max_length: number; initial_value: string } }).element;
    expect(element.initial_value).toHaveLength(628);
    expect(element.max_length).toBe(628);
  });
});
