import { randomBytes } from "node:crypto";
import type { Session } from "../domain/types.ts";

/**
 * The `video_link` setting: where each group meets face to face. Either one https template whose placeholders make
 * a room per group, or fixed links (one per group, e.g. Zoom rooms an organizer made). Pure, so the config command
 * and the round engine agree on what a setting means.
 */

export const PLACEHOLDERS = ["community", "session", "round", "group"] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * A link button's address can be at most 512 characters on Discord (`ButtonComponentForMessageRequest.url` in
 * Discord's OpenAPI description; Slack allows 3,000), so every link, placeholders filled at their longest, fits it.
 */
export const MAX_VIDEO_LINK = 512;
/** Fixed links: one per group of a round; a round of 50 members in pairs has 25 groups. */
export const MAX_FIXED_LINKS = 25;

/** The longest text each placeholder can become, to check a template's length once, when it is set. */
const LONGEST: Record<Placeholder, string> = {
  community: "x".repeat(32),
  session: "x".repeat(20),
  round: "20",
  group: "r20g999",
};

export type VideoLinkParse = { ok: true; value: string | undefined; note?: string } | { ok: false; error: string };

const OFF: readonly string[] = ["", "off", "none"];
const EXAMPLE = "https://meet.jit.si/{community}-{session}-{group}";

/** Slack sends a link typed in a command as `<https://…>` or `<https://…|label>`; the address is what counts. */
const unwrap = (s: string) => s.replace(/<([^|>]*)(\|[^>]*)?>/g, " $1 ");

/** Validates what an organizer typed; `value` undefined means "no video links". */
export function parseVideoLink(input: string): VideoLinkParse {
  const trimmed = input.trim();
  if (OFF.includes(trimmed.toLowerCase())) return { ok: true, value: undefined };
  const links = unwrap(trimmed)
    .split(/[\s,]+/)
    .filter((l) => l !== "");
  const templated = links.filter((l) => /[{}]/.test(l));
  if (templated.length > 0 && links.length > 1)
    return { ok: false, error: `video_link takes one template or fixed links, not both: for example ${EXAMPLE}` };
  for (const link of links) {
    const problem = linkProblem(link);
    if (problem) return { ok: false, error: problem };
  }
  if (links.length > MAX_FIXED_LINKS)
    return { ok: false, error: `video_link takes at most ${MAX_FIXED_LINKS} fixed links (one per group)` };
  if (new Set(links).size !== links.length)
    return { ok: false, error: "video_link lists the same link twice: each group needs a room of its own" };
  const value = links.join(" ");
  if (templated.length > 0 || links.length > 1) return { ok: true, value };
  return {
    ok: true,
    value,
    note: "One fixed link: only group 1 of each round gets it. Give one link per group (separated by spaces), or a template with {group}.",
  };
}

function linkProblem(link: string): string | undefined {
  const names = [...link.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? "");
  const unknown = names.find((n) => !PLACEHOLDERS.includes(n as Placeholder));
  if (unknown !== undefined)
    return `video_link has an unknown placeholder {${unknown}}: use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`;
  const filled = fill(link, LONGEST);
  if (/[{}]/.test(filled)) return `video_link has a stray { or }: placeholders look like {group}`;
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return `video_link must be a web address such as ${EXAMPLE}`;
  }
  if (url.protocol !== "https:") return `video_link must start with https:// (for example ${EXAMPLE})`;
  if (url.username || url.password) return "video_link must not hold a user name or password";
  if (names.length > 0 && !(names.includes("session") && names.includes("group")))
    return `video_link needs {session} and {group}, so every group gets its own room and nobody outside it can guess the address: for example ${EXAMPLE}`;
  if (filled.length > MAX_VIDEO_LINK)
    return `video_link is too long: at most ${MAX_VIDEO_LINK} characters with its placeholders filled in (Discord's limit for a link button)`;
  return undefined;
}

function fill(template: string, values: Record<Placeholder, string>): string {
  return template.replace(/\{(community|session|round|group)\}/g, (_, name: Placeholder) => values[name]);
}

/** What `{session}` stands for: 80 random bits in lower-case hex (room names are often case-insensitive). */
export const drawVideoCode = () => randomBytes(10).toString("hex");

/** The session's snapshot of the setting, or nothing when the community has no video link. */
export function sessionVideo(setting: string | undefined): Session["video"] {
  return setting ? { link: setting, code: drawVideoCode() } : undefined;
}

/** The link of one group, or undefined (no setting, or more groups than fixed links). */
export function videoLinkFor(session: Session, round: number, groupId: string): string | undefined {
  if (!session.video) return undefined;
  const n = Number(/^g(\d+)$/.exec(groupId)?.[1] ?? Number.NaN);
  const links = session.video.link.split(" ");
  if (!/[{}]/.test(session.video.link)) return Number.isInteger(n) ? links[n - 1] : undefined;
  const community = session.communityId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, LONGEST.community.length);
  return fill(session.video.link, {
    community,
    session: session.video.code,
    round: String(round),
    // Unique within the session, so a group never walks into a room a group of another round is still using.
    group: `r${round}${groupId}`,
  });
}
