import type { APIActionRowComponent, APIButtonComponent, APIModalInteractionResponseCallbackData } from "discord.js";
import { ButtonStyle, ComponentType, TextInputStyle } from "discord.js";
import type { Button, FormSpec, RichMessage } from "../../src/platform/port.ts";

/** Discord's message content limit. */
const MAX_CONTENT = 2_000;

/** A rendered message, usable both as a REST body (plus files) and as discord.js interaction reply options. */
export interface RenderedMessage {
  content: string;
  components: APIActionRowComponent<APIButtonComponent>[];
  files: Array<{ name: string; data: Buffer; contentType: string }>;
}

const STYLES: Record<NonNullable<Button["style"]>, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/**
 * RichMessage → plain content (Discord markdown already understands `**bold**`, `_italic_` and `<@id>`) and button
 * rows. Everything goes in `content`, not embeds: mentions in embeds do not notify, and content needs no Embed Links
 * permission.
 */
export function renderMessage(message: RichMessage): RenderedMessage {
  const lines = [
    ...(message.title ? [`**${message.title}**`] : []),
    message.text,
    ...(message.fields ?? []).map((f) => `**${f.label}:** ${f.value}`),
  ];
  let content = lines.join("\n");
  if (content.length > MAX_CONTENT) content = `${content.slice(0, MAX_CONTENT - 1)}…`;
  const components = (message.buttons ?? []).slice(0, 5).map(
    (row): APIActionRowComponent<APIButtonComponent> => ({
      type: ComponentType.ActionRow,
      components: row.slice(0, 5).map(
        (b): APIButtonComponent => ({
          type: ComponentType.Button,
          style: STYLES[b.style ?? "secondary"] as ButtonStyle.Primary,
          label: b.label.slice(0, 80),
          custom_id: b.actionId.slice(0, 100),
        }),
      ),
    }),
  );
  const files = (message.attachments ?? []).map((a) => ({
    name: a.name,
    data: Buffer.from(a.data),
    contentType: a.contentType,
  }));
  return { content, components, files };
}

/** Mentions ping users only: never @everyone or roles, whatever text a member typed into their profile. */
export const ALLOWED_MENTIONS = { parse: ["users" as const] };

/** REST body and files for POST/PATCH /channels/{id}/messages. */
export function restMessage(message: RichMessage) {
  const r = renderMessage(message);
  return {
    body: {
      content: r.content,
      components: r.components,
      allowed_mentions: ALLOWED_MENTIONS,
      ...(r.files.length ? { attachments: r.files.map((f, id) => ({ id, filename: f.name })) } : {}),
    },
    files: r.files.map((f, i) => ({ key: `files[${i}]`, name: f.name, data: f.data, contentType: f.contentType })),
  };
}

/** discord.js reply/edit options for interaction responses. */
export function replyOptions(message: RichMessage) {
  const r = renderMessage(message);
  return {
    content: r.content,
    components: r.components,
    allowedMentions: ALLOWED_MENTIONS,
    files: r.files.map((f) => ({ attachment: f.data, name: f.name })),
  };
}

/** Discord's modal limits (components reference: Label label 45 and description 100; five components a modal). */
export const MODAL_LIMITS = { components: 5, title: 45, label: 45, description: 100, placeholder: 100, value: 4_000 };

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
