import { buttonIds } from "./driver.ts";
import type { EmuMessage } from "./types.ts";

/** The first button action id on a message that starts with `prefix` (and ends with `suffix`, when given). */
export function actionOn(message: EmuMessage | undefined, prefix: string, suffix = ""): string {
  const id = message ? buttonIds(message.blocks).find((a) => a.startsWith(prefix) && a.endsWith(suffix)) : undefined;
  if (!id) throw new Error(`No ${prefix}…${suffix} button on ${message?.ts ?? "(no message)"}: ${message?.text ?? ""}`);
  return id;
}

/** Every text a message shows: fallback text plus the mrkdwn/plain text of its blocks. */
export function shownText(message: EmuMessage): string {
  const parts = [message.text];
  for (const block of message.blocks as Array<{ text?: { text?: string }; fields?: Array<{ text?: string }> }>) {
    if (block.text?.text) parts.push(block.text.text);
    for (const field of block.fields ?? []) if (field.text) parts.push(field.text);
  }
  return parts.join("\n");
}
