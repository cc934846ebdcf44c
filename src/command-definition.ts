import type { z } from "zod";
import type { CommandContext } from "./commands-context.ts";
import type { ParsedAction } from "./messages/actions.ts";
import type { ActionReply, Reply } from "./platform/inbound.ts";
import type { FormSpec, RichMessage } from "./platform/port.ts";

/** Who may run a command. Organizers are platform admins, the configured role, or listed user ids. */
export type Access = "member" | "organizer";

/** Per-option help, used by Discord's option descriptions and Slack's `/quickmeet help`. */
export interface OptionDoc {
  description: string;
  /**
   * Discord option type (a `channel` option is Discord's channel picker, which sends the channel's id); Slack and the
   * sandbox parse `key:value` text into the same schema, a channel as its `<#id|name>` link.
   */
  type: "string" | "integer" | "boolean" | "user" | "channel";
  /** Choices shown in Discord's picker. */
  choices?: readonly (string | number)[];
  min?: number;
  max?: number;
}

/** Buttons that belong to a command rather than to the core (the profile form and "profile only" switch). */
export type CommandActionKind = "profile-only" | "profile-form";
export type CommandAction = Extract<ParsedAction, { kind: CommandActionKind }>;

/**
 * One `/quickmeet` subcommand, defined once. Adapters turn it into their platform's registration; the same zod
 * schema validates options from every platform.
 */
export interface CommandDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  options: S;
  /** Docs for each key of `options`, in the order shown to users. */
  optionDocs: { [K in keyof z.infer<S>]-?: OptionDoc };
  access: Access;
  /** Typical uses, as typed after `/quickmeet ` (shown by `/quickmeet help <command>`; a test runs each one). */
  examples: readonly string[];
  /**
   * The command's form, for commands that open one, filled with `initial` (field id → text). Used to show the form
   * again, exactly as typed, when a submission has mistakes.
   */
  form?(initial: Readonly<Record<string, string>>, limits: { maxFields: number }): FormSpec;
  run(ctx: CommandContext, options: z.infer<S>): Promise<Reply>;
  /** Button kinds this command's replies carry: the bot routes their clicks to `onAction`, so it never imports one. */
  actions?: readonly CommandActionKind[];
  onAction?(ctx: CommandContext, action: CommandAction): Promise<ActionReply>;
}

/** The usual answer to a command: a message only the person who ran it sees. */
export const privateReply = (message: RichMessage): Reply => ({ kind: "message", visibility: "private", message });

/** What a precondition found: the value the command needs, or the reply that says why it can't run here. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/**
 * A check a command passes before it runs (`organizer`, `sessionHere` in src/preconditions.ts). Expected refusals are
 * values, never exceptions: the first precondition that fails answers the member instead of the command.
 */
export type Precondition<T = unknown> = (ctx: CommandContext) => Promise<Checked<T>> | Checked<T>;

export const passed = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refused = (message: RichMessage): Checked<never> => ({ ok: false, reply: privateReply(message) });
