import type { types } from "@slack/bolt";
import { parseMarkup } from "../../src/messages/markup.ts";
import type { Button, FormSpec, RichMessage } from "../../src/platform/port.ts";
import type { SlackBody } from "./web.ts";

/** Block Kit limits (docs.slack.dev/reference/block-kit): section text 3000, header 150, 10 fields, 50 blocks. */
const SECTION_TEXT_MAX = 3000;
const HEADER_MAX = 150;
const FIELDS_PER_SECTION = 10;
const BUTTON_TEXT_MAX = 75;
const MAX_BLOCKS = 50;

/** Slack's three control characters, escaped as its formatting reference requires. */
const escapeSlack = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The core's markup → Slack mrkdwn: `**bold**` → `*bold*`; `&`, `<`, `>` escaped everywhere, so only the mentions
 * the bot means (`<@U1>` users, `<#C1>` channels) are live and text a member typed stays text.
 */
export function toMrkdwn(text: string): string {
  return parseMarkup(text)
    .map((t) => {
      if (t.kind === "literal") return escapeSlack(t.text);
      if (t.kind === "markup") return escapeSlack(t.text).replace(/\*\*(.+?)\*\*/gs, "*$1*");
      return t.kind === "user" ? `<@${t.id}>` : `<#${t.id}>`;
    })
    .join("");
}

/** Plain text for notifications: markup removed, mentions kept (Slack renders them), member text escaped. */
export function toPlainText(text: string): string {
  return parseMarkup(text)
    .map((t) => {
      if (t.kind === "literal") return escapeSlack(t.text);
      if (t.kind === "markup") return escapeSlack(t.text).replace(/\*\*(.+?)\*\*/gs, "$1");
      return t.kind === "user" ? `<@${t.id}>` : `<#${t.id}>`;
    })
    .join("");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Split long text on line boundaries so each section stays under Slack's 3000-character limit. */
function chunks(text: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const next = current === "" ? line : `${current}\n${line}`;
    if (next.length <= SECTION_TEXT_MAX) {
      current = next;
      continue;
    }
    if (current !== "") out.push(current);
    current = clip(line, SECTION_TEXT_MAX);
  }
  if (current !== "") out.push(current);
  return out;
}

function button(spec: Button): types.Button {
  const element: types.Button = {
    type: "button",
    action_id: spec.actionId,
    text: { type: "plain_text", text: clip(spec.label, BUTTON_TEXT_MAX), emoji: true },
    value: spec.actionId.slice(0, 2000),
  };
  // Slack buttons have only primary (green) and danger (red); secondary is the default look.
  if (spec.style === "primary" || spec.style === "success") element.style = "primary";
  if (spec.style === "danger") element.style = "danger";
  return element;
}

/** Render a core message as Block Kit: header, mrkdwn sections, a fields section, one actions block per button row. */
export function renderMessage(message: RichMessage): SlackBody {
  const blocks: Array<types.KnownBlock> = [];
  if (message.title)
    blocks.push({ type: "header", text: { type: "plain_text", text: clip(message.title, HEADER_MAX), emoji: true } });
  for (const chunk of chunks(toMrkdwn(message.text)))
    blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
  const fields = message.fields ?? [];
  for (let i = 0; i < fields.length; i += FIELDS_PER_SECTION) {
    blocks.push({
      type: "section",
      fields: fields
        .slice(i, i + FIELDS_PER_SECTION)
        .map((f) => ({ type: "mrkdwn", text: `*${toMrkdwn(f.label)}*\n${toMrkdwn(f.value)}` })),
    });
  }
  (message.buttons ?? []).forEach((row, index) => {
    if (row.length > 0) blocks.push({ type: "actions", block_id: `actions-${index}`, elements: row.map(button) });
  });
  const title = message.title ? `${message.title}: ` : "";
  return { text: clip(toPlainText(`${title}${message.text}`), 4000), blocks: blocks.slice(0, MAX_BLOCKS) };
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
    title: { type: "plain_text", text: clip(form.title, 24) },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: form.fields.map((field) => {
      const element: types.PlainTextInput = {
        type: "plain_text_input",
        action_id: field.id,
        multiline: field.style === "paragraph",
      };
      if (field.placeholder) element.placeholder = { type: "plain_text", text: clip(field.placeholder, 150) };
      if (field.initial !== undefined && field.initial !== "") element.initial_value = field.initial;
      if (field.maxLength !== undefined) element.max_length = field.maxLength;
      return {
        type: "input",
        block_id: field.id,
        optional: !field.required,
        label: { type: "plain_text", text: clip(field.label, 2000) },
        ...(field.description ? { hint: { type: "plain_text" as const, text: clip(field.description, 2000) } } : {}),
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
