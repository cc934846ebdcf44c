import { DISCORD_LIMITS as L } from "../../../adapters/discord/limits.ts";
import { ApiError } from "./http.ts";
import type { Json } from "./payloads.ts";

/**
 * Request validation with Discord's own answer: HTTP 400, code 50035 "Invalid Form Body" and an `errors` object
 * keyed by the path of each bad field, e.g. `{ content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", ... }] } }`.
 * The limits are the adapter's table (adapters/discord/limits.ts), each taken from Discord's published description,
 * so a payload the real API would refuse fails here too.
 */
export class FormErrors {
  readonly #errors: Json = {};
  #count = 0;

  add(path: ReadonlyArray<string | number>, code: string, message: string): void {
    let node = this.#errors;
    for (const key of path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Json;
    }
    node._errors ??= [];
    (node._errors as Json[]).push({ code, message });
    this.#count++;
  }

  maxLength(path: ReadonlyArray<string | number>, value: unknown, max: number, min = 0): void {
    if (typeof value !== "string") return;
    if (value.length > max) this.add(path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`);
    else if (value.length < min) this.add(path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`);
  }

  maxItems(path: ReadonlyArray<string | number>, value: unknown, max: number, min = 0): void {
    if (!Array.isArray(value)) return;
    if (value.length > max || value.length < min)
      this.add(path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`);
  }

  throwIfAny(): void {
    if (this.#count > 0) throw new ApiError(400, 50035, "Invalid Form Body", this.#errors);
  }
}

function validateButtons(e: FormErrors, components: unknown): void {
  if (!Array.isArray(components)) return;
  e.maxItems(["components"], components, L.message.actionRows);
  const ids = new Set<string>();
  components.forEach((row: Json, r: number) => {
    if (row?.type !== 1) {
      e.add(["components", r, "type"], "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "Top-level components must be action rows.");
      return;
    }
    const children = Array.isArray(row.components) ? (row.components as Json[]) : [];
    e.maxItems(["components", r, "components"], children, L.actionRow.buttons, 1);
    children.forEach((c, i) => {
      const path = ["components", r, "components", i];
      if (c.type !== 2) return;
      e.maxLength([...path, "label"], c.label, L.button.label);
      if (typeof c.url === "string") {
        // A Link button (style 5): its url is required, at most 512 long, and it may not carry a custom id.
        e.maxLength([...path, "url"], c.url, L.button.url, 1);
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(c.url)?.[1] ?? "";
        if (!["http", "https"].includes(scheme.toLowerCase()))
          e.add(
            [...path, "url"],
            "URL_TYPE_INVALID_SCHEME",
            `Scheme "${scheme}" is not supported. Scheme must be one of ('http', 'https').`,
          );
        // Error codes below are modelled on Discord's form errors (the spec names the rule, not the code).
        if (c.style !== 5) e.add([...path, "style"], "BUTTON_COMPONENT_URL_REQUIRED", "A url is only for link buttons");
        if (c.custom_id !== undefined)
          e.add(
            [...path, "custom_id"],
            "BUTTON_COMPONENT_CUSTOM_ID_FORBIDDEN",
            "A link button cannot have a custom id",
          );
        return;
      }
      if (c.style === 5) {
        e.add([...path, "url"], "BUTTON_COMPONENT_URL_REQUIRED", "A link button requires a url");
        return;
      }
      if (typeof c.custom_id !== "string" || c.custom_id.length === 0) {
        e.add([...path, "custom_id"], "BASE_TYPE_REQUIRED", "This field is required");
        return;
      }
      e.maxLength([...path, "custom_id"], c.custom_id, L.button.customId, 1);
      if (ids.has(c.custom_id))
        e.add([...path, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
      ids.add(c.custom_id);
    });
  });
}

function validateEmbeds(e: FormErrors, embeds: unknown): void {
  if (!Array.isArray(embeds)) return;
  e.maxItems(["embeds"], embeds, L.message.embeds);
  let total = 0;
  embeds.forEach((embed: Json, i: number) => {
    e.maxLength(["embeds", i, "title"], embed.title, L.embed.title);
    e.maxLength(["embeds", i, "description"], embed.description, L.embed.description);
    const fields = Array.isArray(embed.fields) ? (embed.fields as Json[]) : [];
    e.maxItems(["embeds", i, "fields"], fields, L.embed.fields);
    fields.forEach((f, j) => {
      e.maxLength(["embeds", i, "fields", j, "name"], f.name, L.embed.fieldName, 1);
      e.maxLength(["embeds", i, "fields", j, "value"], f.value, L.embed.fieldValue, 1);
      total += String(f.name ?? "").length + String(f.value ?? "").length;
    });
    total += String(embed.title ?? "").length + String(embed.description ?? "").length;
  });
  if (total > L.embed.total)
    e.add(["embeds"], "MAX_EMBED_SIZE_EXCEEDED", `Embed size exceeds maximum size of ${L.embed.total}`);
}

function validateAllowedMentions(e: FormErrors, am: unknown): void {
  if (!am || typeof am !== "object") return;
  const { parse, users } = am as Json;
  e.maxItems(["allowed_mentions", "users"], users, L.allowedMentions.users);
  if (Array.isArray(parse) && parse.includes("users") && Array.isArray(users) && users.length > 0) {
    e.add(
      ["allowed_mentions"],
      "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
      'parse:["users"] and users: [ids...] are mutually exclusive.',
    );
  }
}

/** A message create or edit body (channel messages, interaction responses, follow-ups, webhook edits). */
export function validateMessageBody(body: Json): void {
  const e = new FormErrors();
  e.maxLength(["content"], body.content, L.message.content);
  validateButtons(e, body.components);
  validateEmbeds(e, body.embeds);
  validateAllowedMentions(e, body.allowed_mentions);
  if (typeof body.nonce === "string") e.maxLength(["nonce"], body.nonce, L.message.nonce);
  e.throwIfAny();
}

/** POST /channels/{id}/threads without a message. */
export function validateThreadCreate(body: Json): void {
  const e = new FormErrors();
  if (typeof body.name !== "string") e.add(["name"], "BASE_TYPE_REQUIRED", "This field is required");
  else e.maxLength(["name"], body.name, L.thread.name, 1);
  const duration = body.auto_archive_duration;
  if (
    duration !== undefined &&
    duration !== null &&
    !(L.thread.autoArchiveMinutes as readonly unknown[]).includes(duration)
  ) {
    e.add(
      ["auto_archive_duration"],
      "BASE_TYPE_CHOICES",
      `Value must be one of {${L.thread.autoArchiveMinutes.join(", ")}}.`,
    );
  }
  e.throwIfAny();
}

function validateTextInput(e: FormErrors, path: Array<string | number>, input: Json, labelled: boolean): void {
  if (input?.type !== 4) {
    e.add([...path, "type"], "BASE_TYPE_CHOICES", "Value must be a text input.");
    return;
  }
  e.maxLength([...path, "custom_id"], input.custom_id, L.modal.customId, 1);
  if (labelled) {
    if (input.label !== undefined)
      e.add([...path, "label"], "COMPONENT_INVALID", "A text input inside a label has no label of its own.");
  } else e.maxLength([...path, "label"], input.label, L.textInput.label, 1);
  e.maxLength([...path, "placeholder"], input.placeholder, L.textInput.placeholder);
  const max = typeof input.max_length === "number" ? input.max_length : L.textInput.maxLength;
  if (max < 1 || max > L.textInput.maxLength)
    e.add([...path, "max_length"], "NUMBER_TYPE_MAX", `Must be between 1 and ${L.textInput.maxLength}.`);
  // A pre-filled value longer than max_length cannot be submitted unchanged: Discord refuses to show it.
  e.maxLength([...path, "value"], input.value, Math.min(max, L.textInput.value));
}

/** The data of an interaction response of type 9 (a modal). */
export function validateModal(data: Json): void {
  const e = new FormErrors();
  e.maxLength(["data", "custom_id"], data.custom_id, L.modal.customId, 1);
  e.maxLength(["data", "title"], data.title, L.modal.title, 1);
  const components = Array.isArray(data.components) ? (data.components as Json[]) : [];
  e.maxItems(["data", "components"], components, L.modal.inputs, 1);
  components.forEach((c, i) => {
    const path = ["data", "components", i];
    if (c.type === 1) {
      const inner = Array.isArray(c.components) ? (c.components as Json[]) : [];
      e.maxItems([...path, "components"], inner, 1, 1);
      if (inner[0]) validateTextInput(e, [...path, "components", 0], inner[0], false);
    } else if (c.type === 18) {
      e.maxLength([...path, "label"], c.label, L.textInput.label, 1);
      e.maxLength([...path, "description"], c.description, L.textInput.labelDescription, 1);
      validateTextInput(e, [...path, "component"], c.component as Json, true);
    } else if (c.type !== 10) {
      e.add([...path, "type"], "BASE_TYPE_CHOICES", "Value must be an action row, a label or a text display.");
    }
  });
  e.throwIfAny();
}

const COMMAND_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateOptions(e: FormErrors, path: Array<string | number>, options: unknown): void {
  if (!Array.isArray(options)) return;
  e.maxItems([...path, "options"], options, L.command.options);
  options.forEach((o: Json, i: number) => {
    const p = [...path, "options", i];
    const name = String(o.name ?? "");
    if (!COMMAND_NAME.test(name) || name !== name.toLowerCase())
      e.add([...p, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    e.maxLength([...p, "description"], o.description, L.command.description, 1);
    e.maxItems([...p, "choices"], o.choices, L.command.choices);
    validateOptions(e, p, o.options);
  });
}

/** A bulk overwrite of application commands (PUT /applications/{app}/commands). */
export function validateCommands(commands: Json[]): void {
  const e = new FormErrors();
  commands.forEach((c, i) => {
    const name = String(c.name ?? "");
    if (!COMMAND_NAME.test(name) || name !== name.toLowerCase())
      e.add([i, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    if ((c.type ?? 1) === 1) e.maxLength([i, "description"], c.description, L.command.description, 1);
    validateOptions(e, [i], c.options);
  });
  e.throwIfAny();
}
