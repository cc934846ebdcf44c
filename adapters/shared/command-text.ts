import type { CommandDefinition, OptionDoc } from "../../commands/types.ts";

/** The outcome of reading `/quickmeet <text>`: a command with raw options for its zod schema, help, or a mistake. */
export type ParsedCommand =
  | { kind: "command"; name: string; rawOptions: Record<string, unknown> }
  | { kind: "help"; topic?: string }
  | { kind: "error"; message: string };

interface Token {
  text: string;
  /** The value was in quotes: `city:""` is an empty value on purpose (it clears), `rounds:` is a slip. */
  quoted: boolean;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  const pattern = /(\S+?[:=])?(?:"([^"]*)"|“([^”]*)”|(\S+))/g;
  for (const match of text.matchAll(pattern)) {
    const prefix = match[1] ?? "";
    const value = match[2] ?? match[3] ?? match[4] ?? "";
    out.push({ text: `${prefix}${value}`, quoted: match[4] === undefined });
  }
  return out;
}

/** Split on spaces, keeping "quoted values" (straight or the curly quotes Slack clients type) together. */
export function tokenize(text: string): string[] {
  return tokens(text).map((t) => t.text);
}

/** What an option accepts, for refusals: "a whole number from 1 to 20", "2 or 3", "yes or no". */
function accepted(doc: OptionDoc): string {
  if (doc.choices && doc.choices.length > 0) return doc.choices.join(" or ");
  switch (doc.type) {
    case "integer":
      return doc.min !== undefined && doc.max !== undefined
        ? `a whole number from ${doc.min} to ${doc.max}`
        : "a whole number";
    case "boolean":
      return "yes or no";
    case "user":
      return "a member, e.g. @alex";
    default:
      return "text (quote it when it has spaces)";
  }
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
  const [firstToken, ...rest] = tokens(text.trim());
  const first = firstToken?.text;
  if (first === undefined || first.toLowerCase() === "help")
    return { kind: "help", ...(rest[0] ? { topic: rest[0].text } : {}) };
  const name = first.toLowerCase();
  const command = commands.find((c) => c.name === name);
  if (!command) return { kind: "error", message: `There is no \`/quickmeet ${first}\`. Try \`/quickmeet help\`.` };
  const docs = command.optionDocs as Record<string, OptionDoc>;
  // No prototype: an option typed as `__proto__` or `constructor` must never reach one.
  const rawOptions: Record<string, unknown> = Object.create(null);
  for (const { text: token, quoted } of rest) {
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
    // Own properties only: `constructor:1` must not find Object.prototype.constructor.
    const doc = Object.hasOwn(docs, key) ? docs[key] : undefined;
    if (!doc) {
      const known = Object.keys(docs);
      const list = known.length > 0 ? known.map((k) => `\`${k}\``).join(", ") : "none";
      return { kind: "error", message: `\`/quickmeet ${command.name}\` has no option \`${key}\`. Options: ${list}.` };
    }
    if (raw === "" && !quoted)
      return {
        kind: "error",
        message: `\`${key}\` has no value. Write it as \`${key}:value\` (${accepted(doc)}), or leave it out for the default.`,
      };
    if (Object.hasOwn(rawOptions, key))
      return {
        kind: "error",
        message: `\`${key}\` is given twice. Give it once (${accepted(doc)}).`,
      };
    const converted = convert(key, raw, doc);
    if ("error" in converted) return { kind: "error", message: converted.error };
    rawOptions[key] = converted.value;
  }
  return { kind: "command", name: command.name, rawOptions: { ...rawOptions } };
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
  // Descriptions carry their range for Discord's option picker; help shows it once, next to the type.
  const description = range ? doc.description.replace(/\s*\(\d+\s*[-–]\s*\d+\)/, "") : doc.description;
  const choices = doc.choices && doc.choices.length > 0 ? ` — one of ${doc.choices.join(", ")}` : "";
  return `    \`${key}:${type}\`${range} ${description}${choices}`;
}

function describeCommand(command: CommandDefinition, withExamples: boolean): string[] {
  const who = command.access === "organizer" ? " _(organizers)_" : "";
  const lines = [`• \`/quickmeet ${command.name}\` — ${command.description}${who}`];
  for (const [key, doc] of Object.entries(command.optionDocs as Record<string, OptionDoc>))
    lines.push(describeOption(key, doc));
  if (withExamples && command.examples.length > 0)
    lines.push(
      `Example${command.examples.length > 1 ? "s" : ""}:`,
      ...command.examples.map((e) => `    \`/quickmeet ${e}\``),
    );
  return lines;
}

/**
 * `/quickmeet help` (every command) or `/quickmeet help start` (that command, with examples), generated from the
 * command list (never a second copy of it).
 */
export function helpText(commands: readonly CommandDefinition[], topic?: string): string {
  const wanted = topic?.toLowerCase().replace(/^\/?quickmeet\s+/, "");
  const one = wanted ? commands.find((c) => c.name === wanted) : undefined;
  if (one)
    return [
      `**/quickmeet ${one.name}** — options go as \`key:value\`, quote values with spaces.`,
      ...describeCommand(one, true),
    ].join("\n");
  const lines = [
    ...(wanted ? [`There's no \`/quickmeet ${wanted}\`. These are the commands:`] : []),
    "**Quick Meet commands** — options go as `key:value`, quote values with spaces. `/quickmeet help <command>` shows one with examples.",
  ];
  for (const command of commands) lines.push(...describeCommand(command, false));
  return lines.join("\n");
}
