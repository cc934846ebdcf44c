/**
 * The core's message markup and the one rule that keeps member text inert.
 *
 * Messages the core builds (`RichMessage.text`, field values) use a small markup every adapter translates:
 * `**bold**`, `_italic_`, `` `code` ``, `<@userId>` and `<#channelId>` mentions, `\n` line breaks. Text a member or an
 * organizer typed (profile fields, interests, custom questions, display names) goes through `literal()`, which
 * backslash-escapes every markup character, so `<@U1>`, `**` or `<#C1>` in a fun fact is shown as typed and never
 * becomes a mention or formatting. Adapters read messages through `parseMarkup`, which tells the bot's own mentions
 * (to render live) from escaped member text (to render verbatim on each platform).
 */

/**
 * Characters that carry meaning in the markup or in a platform's markdown (mentions, `@everyone`, masked links,
 * headings and lists at a line start), escaped in member text.
 */
const SPECIAL = /[\\*_`~|<>@[\]#-]/g;

/** Member-typed text, escaped so no platform interprets it: shown exactly as typed. */
export function literal(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`);
}

export type MarkupToken =
  /** Text to show exactly as it reads (member text, unescaped here; adapters escape it for their platform). */
  | { kind: "literal"; text: string }
  /** The bot's own text, which may hold `**bold**`, `_italic_` and `` `code` ``. */
  | { kind: "markup"; text: string }
  /** A mention the bot means: rendered live, and the only users a Discord message may notify. */
  | { kind: "user"; id: string }
  | { kind: "channel"; id: string };

const TOKEN = /\\([\\*_`~|<>@[\]#-])|<@!?([A-Za-z0-9]+)>|<#([A-Za-z0-9]+)(?:\|[^>\n]*)?>/g;

/** Splits core markup into tokens; adjacent literal characters are merged into one token. */
export function parseMarkup(text: string): MarkupToken[] {
  const out: MarkupToken[] = [];
  const push = (kind: "literal" | "markup", piece: string) => {
    if (piece === "") return;
    const last = out.at(-1);
    if (last?.kind === kind) last.text += piece;
    else out.push({ kind, text: piece });
  };
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    push("markup", text.slice(at, m.index));
    if (m[1] !== undefined) push("literal", m[1]);
    else if (m[2] !== undefined) out.push({ kind: "user", id: m[2] });
    else if (m[3] !== undefined) out.push({ kind: "channel", id: m[3] });
    at = m.index + m[0].length;
  }
  push("markup", text.slice(at));
  return out;
}

/** The users a message mentions on purpose (never one a member typed), in order, without repeats. */
export function mentionedUsers(text: string): string[] {
  const ids = parseMarkup(text).flatMap((t) => (t.kind === "user" ? [t.id] : []));
  return [...new Set(ids)];
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * `text` cut to at most `max` UTF-16 units (the unit Discord and Slack count in) without splitting a character or
 * an emoji sequence; a cut text ends with `…`, so nothing is shortened silently.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}

/**
 * Splits `text` into pieces of at most `max` UTF-16 units, on line breaks where it can and between characters where
 * one line is longer than `max`: every character survives, in order (the pieces joined by "\n" give the text back
 * where the cuts fell on line breaks).
 */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let current = "";
  const flush = () => {
    if (current !== "") out.push(current);
    current = "";
  };
  for (const line of text.split("\n")) {
    const joined = current === "" ? line : `${current}\n${line}`;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    flush();
    if (line.length <= max) {
      current = line;
      continue;
    }
    for (const { segment } of segmenter.segment(line)) {
      if (current.length + segment.length > max) {
        // Never end a piece on an escaping backslash: it belongs with the character after it.
        const carry = /(?<!\\)(?:\\\\)*\\$/.test(current) ? "\\" : "";
        current = current.slice(0, current.length - carry.length);
        flush();
        current = carry;
      }
      current += segment;
    }
  }
  flush();
  return out;
}
