import type { APIActionRowComponent, APIButtonComponent, APIModalInteractionResponseCallbackData } from "discord.js";
import { ButtonStyle, ComponentType, TextInputStyle } from "discord.js";
import { clip, mentionedUsers, parseMarkup, splitText } from "../../src/messages/markup.ts";
import type { Button, FormSpec, RichMessage } from "../../src/platform/port.ts";
import { DISCORD_LIMITS } from "./limits.ts";

/** A rendered message, usable both as a REST body (plus files) and as discord.js interaction reply options. */
export interface RenderedMessage {
  content: string;
  components: APIActionRowComponent<APIButtonComponent>[];
  files: Array<{ name: string; data: Buffer; contentType: string }>;
  /** The users this message means to notify; nobody else is pinged, whatever the text says. */
  users: string[];
}

const STYLES: Record<NonNullable<Button["style"]>, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/**
 * Discord markdown escapes any punctuation with a backslash: member text is shown as typed (no bold, no links, no
 * quote or heading at a line start, no mention syntax).
 */
const escapeDiscord = (text: string) => text.replace(/[\\*_~`|<>[\]#@-]/g, (c) => `\\${c}`);

/** Core markup → Discord content: the bot's markdown passes through, member text is escaped, mentions stay live. */
export function toDiscordContent(text: string): string {
  return parseMarkup(text)
    .map((t) => {
      if (t.kind === "literal") return escapeDiscord(t.text);
      if (t.kind === "markup") return t.text;
      return t.kind === "user" ? `<@${t.id}>` : `<#${t.id}>`;
    })
    .join("");
}

function buttonRows(message: RichMessage): APIActionRowComponent<APIButtonComponent>[] {
  const rows = message.buttons ?? [];
  if (rows.length > DISCORD_LIMITS.message.actionRows || rows.some((r) => r.length > DISCORD_LIMITS.actionRow.buttons))
    throw new Error(`A message has more buttons than Discord allows (${rows.map((r) => r.length).join("+")})`);
  return rows.map(
    (row): APIActionRowComponent<APIButtonComponent> => ({
      type: ComponentType.ActionRow,
      components: row.map(
        (b): APIButtonComponent =>
          b.url
            ? {
                // A Link button carries a url and no custom id; clicking it never reaches the bot.
                type: ComponentType.Button,
                style: ButtonStyle.Link,
                label: clip(b.label, DISCORD_LIMITS.button.label),
                url: b.url,
              }
            : {
                type: ComponentType.Button,
                style: STYLES[b.style ?? "secondary"] as ButtonStyle.Primary,
                label: clip(b.label, DISCORD_LIMITS.button.label),
                custom_id: b.actionId,
              },
      ),
    }),
  );
}

/**
 * RichMessage → one or more Discord messages. Everything goes in `content`, not embeds: mentions in embeds do not
 * notify, and content needs no Embed Links permission. Content longer than Discord's 2,000 characters is split on
 * line breaks into several messages, never cut; buttons and files ride on the last one, under the text they answer.
 */
export function renderMessages(message: RichMessage): RenderedMessage[] {
  const lines = [
    ...(message.title ? [`**${toDiscordContent(message.title)}**`] : []),
    toDiscordContent(message.text),
    ...(message.fields ?? []).map((f) => `**${toDiscordContent(f.label)}:** ${toDiscordContent(f.value)}`),
  ];
  const pieces = splitText(lines.join("\n"), DISCORD_LIMITS.message.content);
  const components = buttonRows(message);
  const files = (message.attachments ?? []).map((a) => ({
    name: a.name,
    data: Buffer.from(a.data),
    contentType: a.contentType,
  }));
  if (pieces.length === 0) pieces.push("");
  return pieces.map((content, i) => {
    const last = i === pieces.length - 1;
    return {
      content,
      components: last ? components : [],
      files: last ? files : [],
      users: mentionedUsers(content).slice(0, DISCORD_LIMITS.allowedMentions.users),
    };
  });
}

/**
 * One message only, for edits in place (lobby, a clicked message): those are short by construction, and an edit
 * cannot become two messages; a longer one is clipped visibly rather than refused.
 */
export function renderSingle(message: RichMessage): RenderedMessage {
  const [first, ...rest] = renderMessages(message);
  if (!first) throw new Error("renderMessages returned nothing");
  if (rest.length === 0) return first;
  const last = rest.at(-1) ?? first;
  return {
    ...first,
    content: clip(first.content, DISCORD_LIMITS.message.content),
    components: last.components,
    files: last.files,
  };
}

/** Only the users the bot means; never @everyone, @here or roles, whatever text a member typed into their profile. */
export const allowedMentions = (r: RenderedMessage) => ({ parse: [] as never[], users: r.users });

/** REST body and files for POST/PATCH /channels/{id}/messages. */
export function restBody(r: RenderedMessage, extra: Record<string, unknown> = {}) {
  return {
    body: {
      content: r.content,
      components: r.components,
      allowed_mentions: allowedMentions(r),
      ...(r.files.length ? { attachments: r.files.map((f, id) => ({ id, filename: f.name })) } : {}),
      ...extra,
    },
    files: r.files.map((f, i) => ({ key: `files[${i}]`, name: f.name, data: f.data, contentType: f.contentType })),
  };
}

/** discord.js reply/edit options for one rendered part of an interaction response. */
export function replyPart(r: RenderedMessage) {
  return {
    content: r.content,
    components: r.components,
    allowedMentions: { parse: [], users: r.users },
    files: r.files.map((f) => ({ attachment: f.data, name: f.name })),
  };
}

/** discord.js options for every part of a reply, in order (a long stats reply becomes several messages). */
export const replyParts = (message: RichMessage) => renderMessages(message).map(replyPart);

/** discord.js options for an in-place edit (update, editReply of a clicked message). */
export const replyOptions = (message: RichMessage) => replyPart(renderSingle(message));

/** Discord's modal limits, from the limit table (Label: label 45, description 100; five components a modal). */
export const MODAL_LIMITS = {
  components: DISCORD_LIMITS.modal.inputs,
  title: DISCORD_LIMITS.modal.title,
  label: DISCORD_LIMITS.textInput.label,
  description: DISCORD_LIMITS.textInput.labelDescription,
  placeholder: DISCORD_LIMITS.textInput.placeholder,
  value: DISCORD_LIMITS.textInput.value,
};

/**
 * FormSpec → modal. Each input sits in a Label component (Discord deprecated text inputs in action rows and their
 * own `label`), so a field's description shows under its label.
 */
export function renderModal(form: FormSpec): APIModalInteractionResponseCallbackData {
  return {
    custom_id: form.formId,
    title: form.title.slice(0, MODAL_LIMITS.title),
    components: form.fields.slice(0, MODAL_LIMITS.components).map((f) => ({
      type: ComponentType.Label,
      label: f.label.slice(0, MODAL_LIMITS.label),
      ...(f.description ? { description: f.description.slice(0, MODAL_LIMITS.description) } : {}),
      component: {
        type: ComponentType.TextInput,
        custom_id: f.id,
        style: f.style === "short" ? TextInputStyle.Short : TextInputStyle.Paragraph,
        required: f.required,
        ...(f.placeholder ? { placeholder: f.placeholder.slice(0, MODAL_LIMITS.placeholder) } : {}),
        ...(f.initial ? { value: f.initial.slice(0, MODAL_LIMITS.value) } : {}),
        ...(f.maxLength ? { max_length: Math.min(f.maxLength, MODAL_LIMITS.value) } : {}),
      },
    })),
  };
}
