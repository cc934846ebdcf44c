import { type Precondition, passed, refused } from "./command-definition.ts";
import type { Session } from "./domain/types.ts";
import * as say from "./messages/templates.ts";
import { sessionInChannel } from "./session/lifecycle.ts";

/** Organizers only (admins, the organizer role, listed ids); the bot applies it to every `access: "organizer"` command. */
export const organizer =
  (command: string): Precondition<true> =>
  (ctx) =>
    ctx.isOrganizer ? passed(true) : refused(say.notOrganizer(command));

/** A Quick Meet that has not ended runs in the channel the command came from: its session. */
export const sessionHere: Precondition<Session> = async (ctx) => {
  const session = await sessionInChannel(ctx.engine, ctx.invocation.platform, ctx.invocation);
  return session ? passed(session) : refused(say.noSession);
};
