import type { PlatformId } from "../domain/types.ts";
import type { FormSpec, RichMessage } from "./port.ts";

/** Who clicked or typed, as the adapter learned it from the platform event. */
export interface Actor {
  userId: string;
  displayName: string;
  /** Platform admin: Discord Administrator or Manage Server; Slack workspace admin/owner. */
  isAdmin: boolean;
  /** Discord role ids (empty on Slack). */
  roleIds: readonly string[];
}

/** One inbound platform event (slash command, button click, form submit). */
export interface Invocation {
  platform: PlatformId;
  communityId: string;
  channelId: string;
  actor: Actor;
  /**
   * Stable id of the platform event (Discord interaction id, Slack trigger or retry-stable key). Events seen twice
   * (Slack retries, double clicks delivered twice) are dropped by it.
   */
  eventId: string;
}

/** What the bot answers to a command or form. */
export type Reply =
  | { kind: "message"; message: RichMessage; visibility: "private" | "channel" }
  | { kind: "form"; form: FormSpec }
  /**
   * A form came back with mistakes: show it again, filled with exactly what was typed, with each error on its
   * field (`errors` by field id). `message` says the same in words for platforms that cannot reopen the form.
   */
  | { kind: "form-errors"; form: FormSpec; errors: Readonly<Record<string, string>>; message: RichMessage }
  /** The same event was seen before; the adapter acknowledges and does nothing else. */
  | { kind: "duplicate" };

/** What the bot answers to a button click. */
export interface ActionReply {
  /** Shown only to the clicker. */
  privateMessage?: RichMessage;
  /** Replaces the message that held the button (e.g. feedback buttons become "Thanks!"). */
  replaceOriginal?: RichMessage;
  /** A form to open at once (a report's "what happened?"); `privateMessage` is shown where it cannot open. */
  form?: FormSpec;
  /**
   * The click changed nothing (an answer was already given): pages that mark the chosen button keep the earlier
   * choice marked instead.
   */
  unchanged?: boolean;
  duplicate?: boolean;
}

/**
 * The core's inbound surface: adapters translate platform events into these calls. Adapters acknowledge the
 * platform first (3-second windows), then await these and edit their acknowledgement with the result.
 */
export interface BotInbound {
  runCommand(invocation: Invocation, name: string, rawOptions: Record<string, unknown>): Promise<Reply>;
  handleAction(invocation: Invocation, actionId: string): Promise<ActionReply>;
  submitForm(invocation: Invocation, formId: string, values: Record<string, string>): Promise<Reply>;
  /**
   * A member wrote in some channel; counted (never stored) when it is a live group space. With `eventId` (Slack's
   * event id, kept across its retries) a redelivered event is counted once, even after a restart.
   */
  recordSpaceMessage(
    platform: PlatformId,
    communityId: string,
    spaceId: string,
    userId: string,
    eventId?: string,
  ): Promise<void>;
  /**
   * What a member's own page shows (Slack's App Home): their profile, pause state, history and connections, and for
   * organizers a summary of the last 30 days. Read-only; attachments are left out.
   */
  homeSections(invocation: Invocation): Promise<RichMessage[]>;
  /**
   * A member's voice connection changed (`from`/`to` are voice channel ids, null when not connected). Adapters report
   * changes that touch a voice room: time in rooms is counted, and leaving a room mid-round is leaving the session.
   */
  voiceMoved(
    platform: PlatformId,
    communityId: string,
    userId: string,
    from: string | null,
    to: string | null,
  ): Promise<void>;
  /** A member left the guild/workspace: removed from running sessions, partner re-grouped or told. */
  memberLeftCommunity(platform: PlatformId, communityId: string, userId: string): Promise<void>;
  /**
   * The app was removed from the community (Slack uninstall or revoked token): its running sessions end without
   * posting anything and its schedules are paused (kept, so a reinstall can resume them).
   */
  communityRemoved(platform: PlatformId, communityId: string): Promise<void>;
}
