import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  GuildMember,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from "discord.js";
import type { Logger } from "../../src/logger.ts";
import type { ActionReply, BotInbound, Invocation, Reply } from "../../src/platform/inbound.ts";
import type { FormSpec, RichMessage } from "../../src/platform/port.ts";
import { ROOT_COMMAND } from "./commands.ts";
import { DiscordCode, isDiscordCode } from "./errors.ts";
import type { MemberDirectory } from "./members.ts";
import { PLATFORM_ID } from "./platform-id.ts";
import { renderModal, replyOptions, replyParts } from "./render.ts";

/** Discord gives 3 s to acknowledge; answers later than this budget are sent after a deferral instead. */
const DISCORD_ACK_WINDOW_MS = 3_000;
/** Custom ids of the adapter's own "open the form" buttons (the core's action ids start with `qm:`). */
const FORM_BUTTON = "qmx:form:";

type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
type ReplyPart = ReturnType<typeof replyParts>[number];

/**
 * Sends a message that may need several Discord messages: the first part through `first` (reply, editReply or
 * followUp), the rest as follow-ups with the same visibility, in order.
 */
async function sendParts(
  i: Repliable,
  message: RichMessage,
  first: (part: ReplyPart) => Promise<unknown>,
  ephemeral: boolean,
): Promise<void> {
  const [head, ...rest] = replyParts(message);
  if (head) await first(head);
  for (const part of rest) await i.followUp({ ...part, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
}

/**
 * Event-loop lag beyond which a click no longer waits for the core inside its acknowledgement: a late loop makes
 * every wait longer than it says, and the acknowledgements of a whole burst queue behind the core's work.
 */
export const LAG_ACK_FIRST_MS = 50;
/** Interactions in flight beyond which new ones are acknowledged first (a burst of clicks). */
export const BUSY_ACK_FIRST = 16;

/**
 * Turns interactions into core calls. Each one is answered inside Discord's window: when the core answers within
 * `ackBudgetMs` the answer *is* the acknowledgement (one callback, outside the global rate limit, and the only way
 * to open a modal); otherwise the adapter defers at the budget and edits or follows up when the core is done.
 */
export class InteractionRouter {
  /** Forms the core returned too late to open as a modal, opened from a button instead. */
  readonly #pendingForms = new Map<string, FormSpec>();
  #formSeq = 0;
  /** Interactions being handled right now: a burst shows here before the event loop's lag does. */
  #inFlight = 0;

  constructor(
    private readonly bot: BotInbound,
    private readonly members: MemberDirectory,
    private readonly logger: Logger,
    private readonly ackBudgetMs: number,
    private readonly dmCommunity: ReadonlyMap<string, string>,
    private readonly onChannelPermissions: (channelId: string, interaction: Interaction) => void,
    /** Recent event-loop lag (ms); above LAG_ACK_FIRST_MS every interaction is acknowledged before the core runs. */
    private readonly lagMs: () => number = () => 0,
  ) {}

  async handle(interaction: Interaction): Promise<void> {
    this.#inFlight += 1;
    try {
      if (interaction.isChatInputCommand()) await this.#command(interaction);
      else if (interaction.isButton()) await this.#button(interaction);
      else if (interaction.isModalSubmit()) await this.#modal(interaction);
    } catch (error) {
      const expired = isDiscordCode(error, DiscordCode.UnknownInteraction);
      this.logger[expired ? "warn" : "error"]("discord interaction failed", { id: interaction.id, error });
    } finally {
      this.#inFlight -= 1;
    }
  }

  invocation(interaction: Interaction): Invocation {
    const member = interaction.member;
    const guildId = interaction.guildId;
    const communityId =
      guildId ?? (interaction.channelId ? this.dmCommunity.get(interaction.channelId) : undefined) ?? "";
    const displayName =
      member instanceof GuildMember
        ? member.displayName
        : (member?.nick ?? interaction.user.globalName ?? interaction.user.username);
    const roleIds = member instanceof GuildMember ? [...member.roles.cache.keys()] : (member?.roles ?? []);
    if (communityId) this.members.remember(communityId, interaction.user.id, displayName);
    if (interaction.channelId) this.onChannelPermissions(interaction.channelId, interaction);
    return {
      platform: PLATFORM_ID,
      communityId,
      channelId: interaction.channelId ?? "",
      eventId: interaction.id,
      actor: {
        userId: interaction.user.id,
        displayName,
        isAdmin:
          interaction.memberPermissions?.any([PermissionFlagsBits.Administrator, PermissionFlagsBits.ManageGuild]) ??
          false,
        roleIds: roleIds.filter((id) => id !== guildId),
      },
    };
  }

  async #command(i: ChatInputCommandInteraction): Promise<void> {
    if (i.commandName !== ROOT_COMMAND) return;
    const sub = i.options.getSubcommand(false);
    if (!sub) return;
    const raw = Object.fromEntries((i.options.data[0]?.options ?? []).map((o) => [o.name, o.value]));
    const invocation = this.invocation(i);
    await this.#answer(i, () => this.bot.runCommand(invocation, sub, raw));
  }

  async #modal(i: ModalSubmitInteraction): Promise<void> {
    const values: Record<string, string> = {};
    for (const [id, field] of i.fields.fields)
      if ("value" in field && typeof field.value === "string") values[id] = field.value;
    const invocation = this.invocation(i);
    await this.#answer(i, () => this.bot.submitForm(invocation, i.customId, values));
  }

  async #button(i: ButtonInteraction): Promise<void> {
    if (i.customId.startsWith(FORM_BUTTON)) {
      const form = this.#pendingForms.get(i.customId.slice(FORM_BUTTON.length));
      if (form) await i.showModal(renderModal(form));
      else await i.reply({ content: "This form has expired: run the command again.", flags: MessageFlags.Ephemeral });
      return;
    }
    const invocation = this.invocation(i);
    // Clicks come in bursts (a whole channel joins at once): on a late event loop or in a burst, acknowledge first.
    // Commands keep their budget, since only an answer inside the acknowledgement can open a modal.
    const loaded = this.lagMs() > LAG_ACK_FIRST_MS || this.#inFlight > BUSY_ACK_FIRST;
    const budget = loaded ? 0 : this.#budget(i.createdTimestamp);
    // The core runs whatever happens to the acknowledgement: a click that arrives too late still counts.
    const pending =
      budget === 0
        ? (await this.#acknowledgeFirst(i.deferUpdate(), () => this.bot.handleAction(invocation, i.customId))).core
        : this.bot.handleAction(invocation, i.customId);
    const early = await this.#within(pending, budget);
    if (early) {
      if (early.duplicate) return;
      if (early.form) {
        // Only a first response can open a modal; the form is the answer to the click.
        await i.showModal(renderModal(early.form));
        return;
      }
      if (early.replaceOriginal) await i.update(replyOptions(early.replaceOriginal));
      else if (early.privateMessage) {
        await sendParts(i, early.privateMessage, (p) => i.reply({ ...p, flags: MessageFlags.Ephemeral }), true);
        return;
      } else await i.deferUpdate();
      if (early.privateMessage)
        await sendParts(i, early.privateMessage, (p) => i.followUp({ ...p, flags: MessageFlags.Ephemeral }), true);
      return;
    }
    if (!i.deferred) await i.deferUpdate();
    const late: ActionReply = await pending;
    if (late.duplicate) return;
    if (late.replaceOriginal) await i.editReply(replyOptions(late.replaceOriginal));
    if (late.form) {
      const options = replyOptions(late.privateMessage ?? { text: late.form.title });
      await i.followUp({
        ...options,
        components: [this.#formButton(late.form, "Open the form")],
        flags: MessageFlags.Ephemeral,
      });
    } else if (late.privateMessage)
      await sendParts(i, late.privateMessage, (p) => i.followUp({ ...p, flags: MessageFlags.Ephemeral }), true);
  }

  /** Commands and modal submits: reply, open a modal, or defer (ephemeral) and resolve later. */
  async #answer(i: ChatInputCommandInteraction | ModalSubmitInteraction, call: () => Promise<Reply>): Promise<void> {
    const budget = this.#budget(i.createdTimestamp);
    const pending =
      budget === 0
        ? (await this.#acknowledgeFirst(i.deferReply({ flags: MessageFlags.Ephemeral }), call)).core
        : call();
    const early = await this.#within(pending, budget);
    if (early) {
      if (early.kind === "duplicate") return;
      if (early.kind === "form" && !i.isModalSubmit()) {
        await i.showModal(renderModal(early.form));
        return;
      }
      if (early.kind === "form-errors") {
        // A modal cannot answer a modal submit: say what to fix, with a button that reopens it as typed.
        await i.reply({ ...this.#formErrors(early), flags: MessageFlags.Ephemeral });
        return;
      }
      if (early.kind === "message") {
        const ephemeral = early.visibility === "private";
        await sendParts(
          i,
          early.message,
          (p) => (ephemeral ? i.reply({ ...p, flags: MessageFlags.Ephemeral }) : i.reply(p)),
          ephemeral,
        );
        return;
      }
    } else if (!i.deferred) {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
    }
    const reply = early ?? (await pending);
    if (!i.deferred && !i.replied) await i.deferReply({ flags: MessageFlags.Ephemeral });
    await this.#resolveDeferred(i, reply);
  }

  async #resolveDeferred(i: Repliable, reply: Reply): Promise<void> {
    if (reply.kind === "duplicate") {
      await i.deleteReply();
    } else if (reply.kind === "form") {
      await i.editReply({
        content: `**${reply.form.title}**\nOpen the form to continue.`,
        components: [this.#formButton(reply.form, "Open form")],
      });
    } else if (reply.kind === "form-errors") {
      await i.editReply(this.#formErrors(reply));
    } else if (reply.visibility === "private") {
      await sendParts(i, reply.message, (p) => i.editReply(p), true);
    } else {
      // The deferral was ephemeral and a message's visibility cannot change: replace it with a channel follow-up.
      await i.deleteReply();
      await sendParts(i, reply.message, (p) => i.followUp(p), false);
    }
  }

  /** A button row that opens `form` (kept until clicked: a modal can only answer an interaction). */
  #formButton(form: FormSpec, label: string) {
    const key = String(++this.#formSeq);
    this.#pendingForms.set(key, form);
    return { type: 1, components: [{ type: 2, style: 1, label, custom_id: `${FORM_BUTTON}${key}` }] };
  }

  /** The mistakes in words, and a button that reopens the form holding exactly what was typed. */
  #formErrors(reply: Extract<Reply, { kind: "form-errors" }>) {
    const options = replyOptions(reply.message);
    return { ...options, components: [this.#formButton(reply.form, "Fix it (your text is kept)")] };
  }

  /**
   * How long this interaction may wait for the core before acknowledging: the configured budget, cut so the answer
   * never lands past Discord's window whatever the event's age (e.g. replayed after a gateway resume).
   */
  #budget(createdTimestamp: number): number {
    const age = Math.max(0, Date.now() - createdTimestamp);
    return Math.max(0, Math.min(this.ackBudgetMs, DISCORD_ACK_WINDOW_MS - 500 - age));
  }

  /**
   * Sends the acknowledgement before the core starts, so under load the ack's request is not queued behind the
   * core's work for this and every other event; if Discord refuses it (too late), the core still runs before the
   * error is rethrown (a late click still counts).
   */
  async #acknowledgeFirst<T>(ack: Promise<unknown>, core: () => Promise<T>): Promise<{ core: Promise<T> }> {
    try {
      await ack;
    } catch (error) {
      await core().catch(() => undefined);
      throw error;
    }
    return { core: core() };
  }

  /** The core's answer if it comes within `budget` ms, else undefined. */
  async #within<T>(pending: Promise<T>, budget: number): Promise<T | undefined> {
    if (budget <= 0) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), budget);
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
