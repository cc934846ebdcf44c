import type { types } from "@slack/bolt";
import type { RichMessage } from "../../src/platform/port.ts";
import { renderMessage } from "./render.ts";

/**
 * The App Home tab: the member's own page (profile, pause state, history, connections) as the core renders it, with
 * the organizer's summary below when there is one. Slack caps a view at 100 blocks.
 */
export function renderHome(sections: ReadonlyArray<RichMessage>): types.HomeView {
  const blocks: Array<types.KnownBlock | types.Block> = [
    { type: "header", text: { type: "plain_text", text: "Quick Meet", emoji: true } },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: "Type `/quickmeet help` in any channel to see every command." }],
    },
  ];
  for (const section of sections) {
    blocks.push({ type: "divider" });
    blocks.push(...renderMessage(section).blocks);
  }
  return { type: "home", blocks: blocks.slice(0, 100) };
}
