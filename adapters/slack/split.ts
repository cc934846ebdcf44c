/**
 * Cutting text to Slack's limits without breaking it: never inside a surrogate pair, an `&amp;`-style entity or a
 * `<…>` mention/link, and preferably at a line break or a space. Lengths are UTF-16 code units, as in limits.ts.
 */

/** The longest prefix of `text` of at most `max` code units that does not end inside a surrogate pair. */
function safePrefixLength(text: string, max: number): number {
  if (text.length <= max) return text.length;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  // Not inside an entity (`&amp;`, `&lt;`, `&gt;`) or a `<@U…>` / `<#C…>` / `<url|label>` token.
  const amp = text.lastIndexOf("&", end - 1);
  if (amp >= 0 && amp > text.lastIndexOf(";", end - 1) && text.indexOf(";", amp) >= end && end - amp < 8) end = amp;
  const open = text.lastIndexOf("<", end - 1);
  if (open >= 0 && open > text.lastIndexOf(">", end - 1) && text.indexOf(">", open) >= end) end = open > 0 ? open : end;
  return Math.max(end, 1);
}

/** Cuts `text` to `max` code units, ending with "…" when anything was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, safePrefixLength(text, max - 1)).trimEnd()}…`;
}

/** Splits one line longer than `max` at spaces where it can, else at a safe position. */
function splitLine(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const hard = safePrefixLength(rest, max);
    const space = rest.lastIndexOf(" ", hard);
    const cut = space > max / 2 ? space : hard;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== "") out.push(rest);
  return out;
}

/**
 * Splits `text` into pieces of at most `max` code units, on line boundaries where possible; nothing is dropped
 * except the line breaks and spaces the cuts fall on. Empty text gives no pieces.
 */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    for (const part of line.length > max ? splitLine(line, max) : [line]) {
      const next = current === "" ? part : `${current}\n${part}`;
      if (next.length <= max) {
        current = next;
        continue;
      }
      if (current.trim() !== "") out.push(current);
      current = part;
    }
  }
  if (current.trim() !== "") out.push(current);
  return out;
}
