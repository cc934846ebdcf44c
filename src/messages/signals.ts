import type { InterestSignal } from "../domain/types.ts";
import type { Button, RichMessage } from "../platform/port.ts";
import { actionIds } from "./actions.ts";
import { literal } from "./markup.ts";

/** What a member holds, as they would recognise it: "#podcasting", "the Podcasting role" (names shown as typed). */
export function signalNames(held: readonly InterestSignal[]): string {
  return held
    .map((s) => (s.kind === "channel" ? `#${s.name.replace(/^#/u, "")}` : `the ${s.name} role`))
    .map(literal)
    .join(", ");
}

/**
 * The line of `/quickmeet profile` and `/quickmeet me` that says what besides the profile the bot uses, and the
 * button that switches it. Nothing is said when the organizers chose no roles or channels.
 */
export function signalsPart(
  chosen: number,
  held: readonly InterestSignal[],
  profileOnly: boolean,
  hints?: { title?: string; timeZone?: string },
): { line: string; buttons: Button[][] } | undefined {
  if (chosen === 0) return undefined;
  const button = (on: boolean): Button[][] => [
    [
      {
        actionId: actionIds.profileOnly(on),
        label: on ? "Use my profile only" : "Use my roles and channels too",
        style: "secondary",
      },
    ],
  ];
  if (profileOnly)
    return {
      line: "Profile only: your roles and channels are not used to find common ground.",
      buttons: button(false),
    };
  const used = [
    ...(held.length > 0 ? [signalNames(held)] : []),
    ...(hints?.title ? [`your title (${literal(hints.title)})`] : []),
    ...(hints?.timeZone ? [`your time zone (${literal(hints.timeZone)})`] : []),
  ];
  const line =
    used.length === 0
      ? "None of the roles or channels your organizers chose applies to you yet."
      : `Also used to find common ground (chosen by your organizers): ${used.join(", ")}.`;
  return { line, buttons: button(true) };
}

export const profileOnlySet = (on: boolean, part: ReturnType<typeof signalsPart>): RichMessage => ({
  text: `${on ? "Done: only your profile is used from now on." : "Done: your roles and channels count too."}${part ? `\n${part.line}` : ""}`,
  ...(part ? { buttons: part.buttons } : {}),
});
