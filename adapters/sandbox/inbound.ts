import { randomUUID } from "node:crypto";
import type { CommandDefinition } from "../../commands/types.ts";
import type { BotInbound, Invocation, Reply } from "../../src/platform/inbound.ts";
import type { FormSpec, RichMessage } from "../../src/platform/port.ts";
import { helpText, parseCommandText } from "../shared/command-text.ts";
import { firstName } from "./members.ts";
import { PLATFORM_ID } from "./platform-id.ts";
import { BOT_ID, type SandboxWorld } from "./world.ts";

/** What the page gets back from an inbound call: success (maybe a form to show) or a refusal with its HTTP status. */
export type InboundResult =
  | {
      ok: true;
      form?: FormSpec;
      errors?: Readonly<Record<string, string>>;
      /** A click that counted (the page marks its button as chosen); false when it changed nothing. */
      chosen?: boolean;
    }
  | { ok: false; status: number; error: string };

const refuse = (status: number, error: string): InboundResult => ({ ok: false, status, error });
const ok: InboundResult = { ok: true };

/** Longest message a member may write in a space (Discord's own cap). */
const MAX_TEXT = 2000;

/**
 * The inbound half of the sandbox adapter: what a viewer (or autoplay, acting as a simulated member) does on the
 * page becomes the same `BotInbound` calls Discord and Slack events become. Every call checks that the actor exists
 * and may see what they act on; a member cannot click buttons or write in another group's space.
 */
export class SandboxInbound {
  constructor(
    private readonly world: SandboxWorld,
    private readonly bot: BotInbound,
    private readonly commands: readonly CommandDefinition[],
    private readonly channelId: string,
  ) {}

  invocation(userId: string): Invocation {
    const member = this.world.members.get(userId);
    return {
      platform: PLATFORM_ID,
      communityId: this.world.community.id,
      channelId: this.channelId,
      actor: { userId, displayName: member?.name ?? userId, isAdmin: member?.organizer ?? false, roleIds: [] },
      eventId: randomUUID(),
    };
  }

  /** `/quickmeet start rounds:3 minutes:2`, typed as on Slack; `@Name` mentions become member ids. */
  async command(userId: string, text: string): Promise<InboundResult> {
    if (!this.world.members.has(userId)) return refuse(400, `No sandbox member "${userId}".`);
    const trimmed = text.trim();
    const match = /^\/quickmeet(?:\s+|$)/i.exec(trimmed);
    if (!match && trimmed.startsWith("/"))
      return this.privately(userId, { text: "Only `/quickmeet` commands work here. Try `/quickmeet help`." });
    const body = this.mentionsToIds(match ? trimmed.slice(match[0].length) : trimmed);
    const parsed = parseCommandText(body, this.commands);
    if (parsed.kind === "help") return this.privately(userId, { text: helpText(this.commands, parsed.topic) });
    if (parsed.kind === "error") return this.privately(userId, { text: parsed.message });
    return this.deliver(userId, await this.bot.runCommand(this.invocation(userId), parsed.name, parsed.rawOptions));
  }

  async submitForm(userId: string, formId: string, values: Record<string, string>): Promise<InboundResult> {
    if (!this.world.members.has(userId)) return refuse(400, `No sandbox member "${userId}".`);
    return this.deliver(userId, await this.bot.submitForm(this.invocation(userId), formId, values));
  }

  /** A button click: only on a message the member can see, and only a button that message really has. */
  async click(userId: string, messageId: string, actionId: string): Promise<InboundResult> {
    const found = this.world.find(messageId);
    if (!found || !this.world.canSee(userId, found.location)) return refuse(404, "No such message for this member.");
    const buttons = (found.message.message.buttons ?? []).flat();
    if (!buttons.some((b) => b.actionId === actionId)) return refuse(400, "That message has no such button.");
    // As on Discord, where a locked thread's buttons are disabled: a closed conversation takes no more answers.
    if (found.location.kind === "space" && found.location.space.closed)
      return refuse(409, "This conversation is closed.");
    const reply = await this.bot.handleAction(this.invocation(userId), actionId);
    if (reply.duplicate) return ok;
    if (reply.replaceOriginal) this.world.edit(messageId, reply.replaceOriginal);
    if (reply.privateMessage) this.world.sendPrivate(userId, this.world.newMessage(BOT_ID, reply.privateMessage, true));
    return { ok: true, chosen: reply.unchanged !== true, ...(reply.form ? { form: reply.form } : {}) };
  }

  /** A member writes in their group's space; the core counts it (never stores the text). */
  async write(userId: string, spaceId: string, text: string): Promise<InboundResult> {
    const space = this.world.spaces.get(spaceId);
    if (!space || !this.world.canSee(userId, { kind: "space", space }))
      return refuse(404, "No such space for this member.");
    if (space.closed) return refuse(409, "This conversation is closed.");
    const body = text.trim().slice(0, MAX_TEXT);
    if (body === "") return refuse(400, "Write something first.");
    this.world.postInSpace(space, this.world.newMessage(userId, { text: body }));
    await this.bot.recordSpaceMessage(PLATFORM_ID, this.world.community.id, spaceId, userId);
    return ok;
  }

  private deliver(userId: string, reply: Reply): InboundResult {
    if (reply.kind === "duplicate") return ok;
    if (reply.kind === "form") return { ok: true, form: reply.form };
    // The page keeps the dialog open, filled as typed, with each mistake under its field.
    if (reply.kind === "form-errors") return { ok: true, form: reply.form, errors: reply.errors };
    if (reply.visibility === "channel") {
      this.world.postInChannel(this.channelId, this.world.newMessage(BOT_ID, reply.message));
      return ok;
    }
    return this.privately(userId, reply.message);
  }

  private privately(userId: string, message: RichMessage): InboundResult {
    this.world.sendPrivate(userId, this.world.newMessage(BOT_ID, message, true));
    return ok;
  }

  /** `@amara` or `@UAMARA` → `<@UAMARA>`, the form the shared parser (and the core) understands. */
  private mentionsToIds(text: string): string {
    const people = text.replace(/(^|\s|:|=)@([\w'-]+)/g, (whole, before: string, name: string) => {
      const lower = name.toLowerCase();
      for (const member of this.world.members.values()) {
        if (member.id.toLowerCase() === lower || firstName(member.name).toLowerCase() === lower)
          return `${before}<@${member.id}>`;
      }
      return whole;
    });
    // `#general` becomes a channel link, as Slack's client escapes a channel picked after `#`.
    return people.replace(/(^|\s|:|=)#([\w-]+)/g, (whole, before: string, name: string) => {
      for (const channel of this.world.channels.values())
        if (channel.name.toLowerCase() === name.toLowerCase()) return `${before}<#${channel.id}|${channel.name}>`;
      return whole;
    });
  }
}
