import type { CommandDefinition, OptionDoc } from "../../commands/types.ts";

/** The outcome of reading `/quickmeet <text>`: a command with raw options for its zod schema, help, or a mistake. */
export type ParsedCommand =
  | { kind: "command"; name: string; rawOptions: Record<string, unknown> }
  | { kind: "help"; topic?: string }
  | { kind: "error"; message: string };

/** Split on spaces, keeping "quoted values" (straight or the curly quotes Slack clients type) together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /(\S+?[:=])?(?:"([^"]*)"|“([^”]*)”|(\S+))/g;
  for (const match of text.matchAll(pattern)) {
    const prefix = match[1] ?? "";
    const value = match[2] ?? match[3] ?? match[4] ?? "";
    tokens.push(`${prefix}${value}`);
  }
  return tokens;
}

/** `<@U123|alex>` or `<@U123>` (Slack escapes mentions that way when the command has "escape channels, users"). */
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

function convert(key: string, raw: string, doc: OptionDoc): { value: unknown } | { error: string } {
  switch (doc.type) {
    case "integer":
      // Leave non-numbers as text: the command's zod schema then explains what it expects.
      return { value: /^-?\d+$/.test(raw) ? Number(raw) : raw };
    case "boolean": {
      const lower = raw.toLowerCase();
      if (["true", "yes", "on", "1"].includes(lower)) return { value: true };
      if (["false", "no", "off", "0"].includes(lower)) return { value: false };
      return { error: `\`${key}\` takes yes or no, not "${raw}".` };
    }
    case "user": {
      const mention = MENTION.exec(raw);
      if (mention) return { value: mention[1] };
      if (/^[UW][A-Z0-9]{2,}$/.test(raw)) return { value: raw };
      return { error: `\`${key}\` takes a member: type @ and pick them, e.g. \`${key}:@alex\`.` };
    }
    case "channel": {
      // Slack sends a channel picked after `#` as `<#C123|general>` (the manifest asks it to escape channels).
      const link = CHANNEL_LINK.exec(raw);
      return { value: link ? `<#${link[1]}>` : raw };
    }
    default:
      return { value: raw };
  }
}

/** `<#C123|general>` or `<#C123>`. */
const CHANNEL_LINK = /^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$/;

/**
 * Read `/quickmeet start rounds:3 minutes:5 title:"Spring mixer"` into `{ name: "start", rawOptions }` for the same
 * zod schema Discord's options go through. `key=value` works too; a lone @mention fills a command's only user option.
 */
export function parseCommandText(text: string, commands: readonly CommandDefinition[]): ParsedCommand {
  const [first, ...rest] = tokenize(text.trim());
  if (first === undefined || first.toLowerCase() === "help")
    return { kind: "help", ...(rest[0] ? { topic: rest[0] } : {}) };
  const name = first.toLowerCase();
  const command = commands.find((c) => c.name === name);
  if (!command) return { kind: "error", message: `There is no \`/quickmeet ${first}\`. Try \`/quickmeet help\`.` };
  const docs = command.optionDocs as Record<string, OptionDoc>;
  const rawOptions: Record<string, unknown> = {};
  for (const token of rest) {
    const separator = token.search(/[:=]/);
    const isMention = MENTION.test(token);
    let key: string;
    let raw: string;
    if (separator > 0 && !isMention) {
      key = token.slice(0, separator).toLowerCase();
      raw = token.slice(separator + 1);
    } else {
      const userKeys = Object.keys(docs).filter((k) => docs[k]?.type === "user");
      const only = userKeys.length === 1 ? userKeys[0] : undefined;
      if (!isMention || only === undefined) {
        return {
          kind: "error",
          message: `I did not understand "${token}". Options go as \`key:value\`; see \`/quickmeet help ${command.name}\`.`,
        };
      }
      key = only;
      raw = token;
    }
    const doc = docs[key];
    if (!doc) {
      const known = Object.keys(docs);
      const list = known.length > 0 ? known.map((k) => `\`${k}\``).join(", ") : "none";
      return { kind: "error", message: `\`/quickmeet ${command.name}\` has no option \`${key}\`. Options: ${list}.` };
    }
    const converted = convert(key, raw, doc);
    if ("error" in converted) return { kind: "error", message: converted.error };
    rawOptions[key] = converted.value;
  }
  return { kind: "command", name: command.name, rawOptions };
}

function describeOption(key: string, doc: OptionDoc): string {
  const type =
    doc.type === "user"
      ? "@member"
      : doc.type === "channel"
        ? "#channel"
        : doc.type === "boolean"
          ? "yes|no"
          : doc.type === "integer"
            ? "number"
            : "text";
  const range = doc.min !== undefined || doc.max !== undefined ? ` (${doc.min ?? ""}–${doc.max ?? ""})` : "";
  const choices = doc.choices && doc.choices.length > 0 ? ` — one of ${doc.choices.join(", ")}` : "";
  return `    \`${key}:${type}\`${range} ${doc.description}${choices}`;
}

/** `/quickmeet help`, generated from the command list (never a second copy of it). */
export function helpText(commands: readonly CommandDefinition[], topic?: string): string {
  const chosen = topic ? commands.filter((c) => c.name === topic.toLowerCase()) : commands;
  const list = chosen.length > 0 ? chosen : commands;
  const lines = ["**Quick Meet commands** — options go as `key:value`, quote values with spaces."];
  for (const command of list) {
    const who = command.access === "organizer" ? " _(organizers)_" : "";
    lines.push(`• \`/quickmeet ${command.name}\` — ${command.description}${who}`);
    for (const [key, doc] of Object.entries(command.optionDocs as Record<string, OptionDoc>))
      lines.push(describeOption(key, doc));
  }
  return lines.join("\n");
}
