import { SLACK } from "../../../adapters/slack/limits.ts";

/**
 * Block Kit validation as Slack does it, against the limit table (adapters/slack/limits.ts). Each problem reads like
 * Slack's own (`must be less than 3001 characters [json-pointer:/blocks/0/text/text]`), so a test failure points at
 * the offending field. Unknown block types and fields a block does not take are problems too: Slack rejects them.
 */

export type Surface = "message" | "modal" | "home";

const BLOCKS_BY_SURFACE: Record<Surface, ReadonlySet<string>> = {
  message: new Set(["header", "section", "actions", "context", "divider", "image"]),
  modal: new Set(["header", "section", "actions", "context", "divider", "image", "input"]),
  home: new Set(["header", "section", "actions", "context", "divider", "image", "input"]),
};

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

class Problems {
  readonly list: string[] = [];
  add(message: string, pointer: string): void {
    this.list.push(`${message} [json-pointer:${pointer}]`);
  }
  /** A string field: present (unless optional), at least `min` and at most `max` characters. */
  length(value: unknown, pointer: string, max: number, min = 1): void {
    if (typeof value !== "string") {
      this.add("must be a string", pointer);
      return;
    }
    if (value.length < min) this.add(`must be more than ${min - 1} characters`, pointer);
    if (value.length > max) this.add(`must be less than ${max + 1} characters`, pointer);
  }
  items(value: unknown, pointer: string, max: number, min = 1): value is unknown[] {
    if (!Array.isArray(value)) {
      this.add("must be an array", pointer);
      return false;
    }
    if (value.length < min) this.add(`must provide at least ${min} items`, pointer);
    if (value.length > max) this.add(`no more than ${max} items allowed`, pointer);
    return true;
  }
  /** A text object; `plain` when only plain_text is allowed. */
  text(value: unknown, pointer: string, max: number, plain: boolean): void {
    if (!isObject(value)) {
      this.add("must be a text object", pointer);
      return;
    }
    const allowed = plain ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (!allowed.includes(String(value.type))) this.add(`must be one of ${allowed.join(", ")}`, `${pointer}/type`);
    this.length(value.text, `${pointer}/text`, Math.min(max, SLACK.textObjectMax), SLACK.textObjectMin);
  }
}

function button(p: Problems, el: Json, at: string): void {
  p.text(el.text, `${at}/text`, SLACK.buttonText, true);
  if (el.action_id !== undefined) p.length(el.action_id, `${at}/action_id`, SLACK.actionId);
  if (el.value !== undefined) p.length(el.value, `${at}/value`, SLACK.buttonValue);
  if (el.url !== undefined) p.length(el.url, `${at}/url`, 3000);
  if (el.style !== undefined && el.style !== "primary" && el.style !== "danger")
    p.add("must be one of primary, danger", `${at}/style`);
}

function plainTextInput(p: Problems, el: Json, at: string): void {
  if (el.type !== "plain_text_input") {
    p.add("unsupported element type", `${at}/type`);
    return;
  }
  p.length(el.action_id, `${at}/action_id`, SLACK.actionId);
  if (el.placeholder !== undefined) p.text(el.placeholder, `${at}/placeholder`, SLACK.placeholder, true);
  const max = el.max_length;
  if (max !== undefined && (typeof max !== "number" || max < 1 || max > SLACK.plainTextInputMaxLength))
    p.add(`must be between 1 and ${SLACK.plainTextInputMaxLength}`, `${at}/max_length`);
  if (el.initial_value !== undefined) {
    const cap = typeof max === "number" ? Math.min(max, SLACK.plainTextInputMaxLength) : SLACK.plainTextInputMaxLength;
    p.length(el.initial_value, `${at}/initial_value`, cap, 0);
  }
}

function block(p: Problems, b: unknown, at: string, surface: Surface): void {
  if (!isObject(b)) {
    p.add("must be an object", at);
    return;
  }
  const type = String(b.type);
  if (!BLOCKS_BY_SURFACE[surface].has(type)) {
    p.add(`unsupported type: ${type}`, `${at}/type`);
    return;
  }
  if (b.block_id !== undefined) p.length(b.block_id, `${at}/block_id`, SLACK.blockId);
  switch (type) {
    case "header":
      p.text(b.text, `${at}/text`, SLACK.headerText, true);
      return;
    case "section":
      if (b.text === undefined && b.fields === undefined) p.add("must define either `text` or `fields`", at);
      if (b.text !== undefined) p.text(b.text, `${at}/text`, SLACK.sectionText, false);
      if (b.fields !== undefined && p.items(b.fields, `${at}/fields`, SLACK.sectionFields))
        (b.fields as unknown[]).forEach((f, i) => {
          p.text(f, `${at}/fields/${i}`, SLACK.sectionFieldText, false);
        });
      return;
    case "context":
      if (p.items(b.elements, `${at}/elements`, SLACK.contextElements))
        (b.elements as unknown[]).forEach((e, i) => {
          if (isObject(e) && e.type === "image") return;
          p.text(e, `${at}/elements/${i}`, SLACK.textObjectMax, false);
        });
      return;
    case "actions": {
      if (!p.items(b.elements, `${at}/elements`, SLACK.actionsElements)) return;
      const seen = new Set<string>();
      (b.elements as unknown[]).forEach((e, i) => {
        const where = `${at}/elements/${i}`;
        if (!isObject(e) || e.type !== "button") {
          p.add("unsupported element type", `${where}/type`);
          return;
        }
        button(p, e, where);
        if (typeof e.action_id === "string") {
          if (seen.has(e.action_id)) p.add("action_id must be unique within the block", `${where}/action_id`);
          seen.add(e.action_id);
        }
      });
      return;
    }
    case "input":
      p.text(b.label, `${at}/label`, SLACK.inputLabel, true);
      if (b.hint !== undefined) p.text(b.hint, `${at}/hint`, SLACK.inputLabel, true);
      if (isObject(b.element)) plainTextInput(p, b.element, `${at}/element`);
      else p.add("must be an object", `${at}/element`);
      return;
    default:
      return;
  }
}

/** Problems of a `blocks` array on a surface; `pointer` is where the array sits in the request. */
export function blockProblems(blocks: unknown, surface: Surface, pointer = "/blocks"): string[] {
  const p = new Problems();
  const max = surface === "message" ? SLACK.messageBlocks : SLACK.viewBlocks;
  if (!p.items(blocks, pointer, max, 0)) return p.list;
  const ids = new Set<string>();
  (blocks as unknown[]).forEach((b, i) => {
    block(p, b, `${pointer}/${i}`, surface);
    const id = isObject(b) && typeof b.block_id === "string" ? b.block_id : undefined;
    if (id !== undefined) {
      if (ids.has(id)) p.add("block_id must be unique", `${pointer}/${i}/block_id`);
      ids.add(id);
    }
  });
  return p.list;
}

/** Characters of text across a message's blocks (what `msg_blocks_too_long` counts). */
export function blockTextLength(blocks: unknown): number {
  let total = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v))
      for (const [k, x] of Object.entries(v)) {
        if (k === "text" && typeof x === "string") total += x.length;
        else walk(x);
      }
  };
  walk(blocks);
  return total;
}

/** What Slack answers a message whose blocks break a rule; undefined when they are fine. */
export function messageBlocksError(blocks: unknown): { error: string; extra: Json } | undefined {
  const problems = blockProblems(blocks, "message");
  if (problems.length > 0)
    return {
      error: "invalid_blocks",
      extra: { errors: problems, response_metadata: { messages: problems.map((m) => `[ERROR] ${m}`) } },
    };
  if (blockTextLength(blocks) > SLACK.messageBlocksText) return { error: "msg_blocks_too_long", extra: {} };
  return undefined;
}

/** Problems of a view (views.open / views.update / views.publish), pointers under `/view`. */
export function viewProblems(view: unknown, expected: "modal" | "home" | "any"): string[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add("must be an object", "/view");
    return p.list;
  }
  const type = view.type;
  if (type !== "modal" && type !== "home") p.add("must be one of modal, home", "/view/type");
  else if (expected !== "any" && type !== expected) p.add(`must be ${expected}`, "/view/type");
  if (view.callback_id !== undefined) p.length(view.callback_id, "/view/callback_id", SLACK.viewCallbackId);
  if (view.private_metadata !== undefined)
    p.length(view.private_metadata, "/view/private_metadata", SLACK.viewPrivateMetadata, 0);
  const blocks = view.blocks;
  if (type === "modal") {
    p.text(view.title, "/view/title", SLACK.modalTitle, true);
    if (view.submit !== undefined) p.text(view.submit, "/view/submit", SLACK.modalSubmit, true);
    if (view.close !== undefined) p.text(view.close, "/view/close", SLACK.modalClose, true);
    const hasInput = Array.isArray(blocks) && blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined) p.add("must provide `submit` when a view has input blocks", "/view");
  }
  p.list.push(...blockProblems(blocks, type === "home" ? "home" : "modal", "/view/blocks"));
  return p.list;
}
