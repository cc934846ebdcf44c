import type { types } from "@slack/bolt";
import type { RichMessage } from "../../src/platform/port.ts";
import { SLACK } from "./limits.ts";
import { fitBlocks, messageBlocks } from "./render.ts";

/**
 * The App Home tab: the member's own page (profile, pause state, history, connections) as the core renders it, with
 * the organizer's summary below when there is one. Every section keeps all its text (long fields are split over
 * sections, as in messages); only past Slack's 100 blocks per view is the tail left out, and then a line says so and
 * where the rest is.
 */
export function renderHome(sections: ReadonlyArray<RichMessage>): types.HomeView {
  const blocks: Array<types.KnownBlock> = [
    { type: "header", text: { type: "plain_text", text: "Quick Meet", emoji: true } },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: "Type `/quickmeet help` in any channel to see every command." }],
    },
  ];
  for (const section of sections) {
    blocks.push({ type: "divider" });
    blocks.push(...messageBlocks(section));
  }
  return {
    type: "home",
    blocks: fitBlocks(
      blocks,
      SLACK.viewBlocks,
      Number.POSITIVE_INFINITY,
      "`/quickmeet me` and `/quickmeet stats` show everything",
    ),
  };
}
