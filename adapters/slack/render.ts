import type { types } from "@slack/bolt";
import { parseMarkup } from "../../src/messages/markup.ts";
import type { Button, FormSpec, RichMessage } from "../../src/platform/port.ts";
import { SLACK } from "./limits.ts";
import { clip, splitText } from "./split.ts";
import type { SlackBody } from "./web.ts";

/**
 * Text of all blocks of one message the renderer allows itself. Slack documents 12,000 (limits.ts) but has been seen
 * rejecting section messages from ~11,300 (slackapi/bolt-js#2867), so a message is closed well before that.
 */
const MESSAGE_TEXT_BUDGET = 10_000;

/** Slack's three control characters, escaped as its formatting reference requires. */
const escapeSlack = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Core markup → Slack text: `**bold**` becomes `bold` (`*…*` or nothing), `&`, `<`, `>` are escaped everywhere. */
function toSlack(text: string, bold: string): string {
  return parseMarkup(text)
    .map((t) => {
      if (t.kind === "literal") return escapeSlack(t.text);
      if (t.kind === "markup") return escapeSlack(t.text).replace(/\*\*(.+?)\*\*/gs, `${bold}$1${bold}`);
      return t.kind === "user" ? `<@${t.id}>` : `<#${t.id}>`;
    })
    .join("");
}

/**
 * The core's markup → Slack mrkdwn: `**bold**` → `*bold*`; `&`, `<`, `>` escaped everywhere, so only the mentions
 * the bot means (`<@U1>` users, `<#C1>` channels) are live and text a member typed stays text.
 */
export const toMrkdwn = (text: string): string => toSlack(text, "*");

/** Plain text for notifications: markup removed, mentions kept (Slack renders them), member text escaped. */
export const toPlainText = (text: string): string => toSlack(text, "");

type Block = types.KnownBlock;

function button(spec: Button): types.Button {
  const element: types.Button = {
    type: "button",
    action_id: spec.actionId,
    text: { type: "plain_text", text: clip(spec.label, SLACK.buttonText), emoji: true },
    value: spec.actionId.slice(0, SLACK.buttonValue),
    // A url button opens the address in the browser; Slack still sends its click, which the bot answers with nothing.
    ...(spec.url ? { url: spec.url } : {}),
  };
  // Slack buttons have only primary (green) and danger (red); secondary is the default look.
  if (spec.style === "primary" || spec.style === "success") element.style = "primary";
  if (spec.style === "danger") element.style = "danger";
  return element;
}

const section = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text } });

/**
 * Fields as Block Kit: short ones side by side (at most 10 per section, 2,000 characters each); a field too long for
 * that (the Participation line of 60 channels) gets sections of its own, its label repeated on each continuation,
 * so nothing is cut.
 */
function fieldBlocks(fields: RichMessage["fields"]): Block[] {
  const blocks: Block[] = [];
  let row: types.MrkdwnElement[] = [];
  const flush = () => {
    if (row.length > 0) blocks.push({ type: "section", fields: row });
    row = [];
  };
  for (const f of fields ?? []) {
    const label = toMrkdwn(f.label);
    const value = toMrkdwn(f.value) || "–";
    const text = `*${label}*\n${value}`;
    if (text.length <= SLACK.sectionFieldText) {
      row.push({ type: "mrkdwn", text });
      if (row.length === SLACK.sectionFields) flush();
      continue;
    }
    flush();
    const head = clip(`*${label}*`, 200);
    const more = clip(`*${label} (continued)*`, 200);
    splitText(value, SLACK.sectionText - more.length - 1).forEach((piece, i) => {
      blocks.push(section(`${i === 0 ? head : more}\n${piece}`));
    });
  }
  flush();
  return blocks;
}

/** Every block of a message, each within Slack's per-block limits, in reading order; buttons last. */
export function messageBlocks(message: RichMessage): Block[] {
  const blocks: Block[] = [];
  if (message.title)
    blocks.push({
      type: "header",
      text: { type: "plain_text", text: clip(message.title, SLACK.headerText), emoji: true },
    });
  for (const chunk of splitText(toMrkdwn(message.text), SLACK.sectionText)) blocks.push(section(chunk));
  blocks.push(...fieldBlocks(message.fields));
  (message.buttons ?? []).forEach((row, index) => {
    for (let i = 0; i < row.length; i += SLACK.actionsElements) {
      const elements = row.slice(i, i + SLACK.actionsElements).map(button);
      if (elements.length > 0)
        blocks.push({ type: "actions", block_id: `actions-${index}${i > 0 ? `-${i}` : ""}`, elements });
    }
  });
  return blocks;
}

/** Characters of text in a block (what Slack's message-wide limit counts). */
function textLength(block: Block): number {
  let total = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null)
      for (const [k, x] of Object.entries(v)) {
        if (k === "text" && typeof x === "string") total += x.length;
        else walk(x);
      }
  };
  walk(block);
  return total;
}

/** Notification text of a body: the plain text of its blocks, within the fallback limit. */
function fallback(text: string): string {
  return clip(text.replace(/\s+\n/g, "\n").trim() || "Quick Meet", SLACK.fallbackText);
}

/**
 * A core message as one or more Slack messages, in order, each within Slack's limits (50 blocks, the text budget);
 * the buttons come last, so they stay under everything they answer. Nothing is dropped.
 */
export function renderMessages(message: RichMessage): SlackBody[] {
  const groups: Block[][] = [[]];
  let used = 0;
  for (const block of messageBlocks(message)) {
    const current = groups.at(-1) ?? [];
    const size = textLength(block);
    if (current.length > 0 && (current.length >= SLACK.messageBlocks || used + size > MESSAGE_TEXT_BUDGET)) {
      groups.push([block]);
      used = size;
    } else {
      current.push(block);
      used += size;
    }
  }
  const title = message.title ? `${message.title}: ` : "";
  return groups.map((blocks, i) => ({
    text: i === 0 ? fallback(toPlainText(`${title}${message.text}`)) : fallback(plainOf(blocks)),
    blocks,
  }));
}

function plainOf(blocks: readonly Block[]): string {
  return blocks
    .map((b) => (b.type === "section" ? [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)].join("\n") : ""))
    .join("\n")
    .replace(/\*(.+?)\*/gs, "$1");
}

/**
 * Blocks fitted into one surface of at most `maxBlocks` blocks and `maxText` characters: buttons are always kept;
 * when something else does not fit, a context line says what is missing and where to find it.
 */
export function fitBlocks(blocks: readonly Block[], maxBlocks: number, maxText: number, more: string): Block[] {
  const total = blocks.reduce((n, b) => n + textLength(b), 0);
  if (blocks.length <= maxBlocks && total <= maxText) return [...blocks];
  const actions = blocks.filter((b) => b.type === "actions");
  const note = (n: number) => `… ${n} more ${n === 1 ? "part" : "parts"} not shown here: ${more}`;
  const roomBlocks = maxBlocks - actions.length - 1;
  let roomText = maxText - actions.reduce((n, b) => n + textLength(b), 0) - note(blocks.length).length;
  const kept: Block[] = [];
  let left = 0;
  for (const block of blocks) {
    if (block.type === "actions") continue;
    const size = textLength(block);
    if (left === 0 && kept.length < roomBlocks && size <= roomText) {
      kept.push(block);
      roomText -= size;
    } else left += 1;
  }
  if (left === 0) return [...kept, ...actions];
  const context: Block = { type: "context", elements: [{ type: "mrkdwn", text: note(left) }] };
  return [...kept, context, ...actions];
}

/** A core message as exactly one Slack message (edits, replies that replace the original). */
export function renderMessage(message: RichMessage): SlackBody {
  const [first] = renderMessages(message);
  const blocks = fitBlocks(
    messageBlocks(message),
    SLACK.messageBlocks,
    MESSAGE_TEXT_BUDGET,
    "too long for one Slack message",
  );
  return { text: first?.text ?? fallback(toPlainText(message.text)), blocks };
}

/** What a modal carries back on submission besides the typed values. */
export interface FormMetadata {
  formId: string;
  channelId: string;
}

/** A core form as a Slack modal: one input block per field, block_id and action_id = the field id. */
export function renderModal(form: FormSpec, metadata: FormMetadata): types.ModalView {
  return {
    type: "modal",
    callback_id: form.formId,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: clip(form.title, SLACK.modalTitle) },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: form.fields.map((field) => {
      const element: types.PlainTextInput = {
        type: "plain_text_input",
        action_id: field.id,
        multiline: field.style === "paragraph",
      };
      if (field.placeholder)
        element.placeholder = { type: "plain_text", text: clip(field.placeholder, SLACK.placeholder) };
      // A stored value longer than the field allows must not stop the form from opening (Slack rejects an
      // initial_value over max_length): the field widens to show it, and validation on submit says what to shorten.
      const initial = field.initial ? field.initial.slice(0, SLACK.plainTextInputMaxLength) : "";
      if (initial !== "") element.initial_value = initial;
      if (field.maxLength !== undefined)
        element.max_length = Math.min(Math.max(field.maxLength, initial.length), SLACK.plainTextInputMaxLength);
      return {
        type: "input",
        block_id: field.id,
        optional: !field.required,
        label: { type: "plain_text", text: clip(field.label, SLACK.inputLabel) },
        ...(field.description
          ? { hint: { type: "plain_text" as const, text: clip(field.description, SLACK.inputLabel) } }
          : {}),
        element,
      };
    }),
  };
}

/** Read a submitted modal's values back as field id → text (empty string for untouched optional fields). */
export function readModalValues(
  values: Record<string, Record<string, { value?: string | null }>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const first = Object.values(actions)[0];
    out[blockId] = first?.value ?? "";
  }
  return out;
}

/** Parse a modal's private_metadata; tolerant of views the adapter did not open. */
export function readFormMetadata(raw: string | undefined, fallbackFormId: string): FormMetadata {
  try {
    const parsed = JSON.parse(raw ?? "") as Partial<FormMetadata>;
    return { formId: parsed.formId ?? fallbackFormId, channelId: parsed.channelId ?? "" };
  } catch {
    return { formId: fallbackFormId, channelId: "" };
  }
}
