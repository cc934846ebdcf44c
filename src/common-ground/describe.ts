import type { CommonGroundItem } from "./types.ts";

/**
 * First names as partners call each other ("Amara Okafor" → "Amara"); the full name where two members of the group
 * share a first name, so every line still says who is meant.
 */
export function shortNames(names: Readonly<Record<string, string>>): Record<string, string> {
  const first = Object.fromEntries(
    Object.entries(names).map(([id, name]) => [id, name.trim().split(/\s+/u)[0] || name || id]),
  );
  const counts = new Map<string, number>();
  for (const f of Object.values(first)) counts.set(f, (counts.get(f) ?? 0) + 1);
  return Object.fromEntries(
    Object.entries(first).map(([id, f]) => [id, (counts.get(f) ?? 0) > 1 ? (names[id] ?? id) : f]),
  );
}

function joinNames(list: readonly string[]): string {
  if (list.length <= 2) return list.join(" and ");
  return `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

/** How a line names the members it is about: everyone in the group, or the two of a trio by first name. */
interface Subject {
  all: boolean;
  /** "You both" / "All three of you" / "Amara and Jamal" */
  who: string;
  /** "You're both" / "All three of you are" / "Amara and Jamal are both" */
  are: string;
}

function subject(members: readonly string[], groupSize: number, names: Readonly<Record<string, string>>): Subject {
  if (members.length === groupSize) {
    if (groupSize === 2) return { all: true, who: "You both", are: "You're both" };
    const who = groupSize === 3 ? "All three of you" : "All of you";
    return { all: true, who, are: `${who} are` };
  }
  const who = joinNames(members.map((m) => names[m] ?? m));
  return { all: false, who, are: `${who} are both` };
}

function goalLine(item: CommonGroundItem, s: Subject, names: Readonly<Record<string, string>>): string {
  const [first = "", second = ""] = item.members.map((m) => names[m] ?? m);
  if (item.topic === "hiring-job") return `${first} is hiring; ${second} is looking for a job`;
  if (item.topic === "mentor-mentee") return `${first} is looking for a mentor; ${second} is open to mentoring`;
  if (item.topic === "collaborators") return `${s.are} looking for collaborators`;
  if (item.topic === "friends") return `${s.are} here to make friends`;
  return `${s.are} into ${item.label}`;
}

/**
 * What a group shares, one short line per shared thing, strongest first (in the order of the items): tags per
 * member set ("You both: hiking, public relations"), goals ("Alex is hiring; Sam is looking for a job"), places
 * ("You're both in Rochester"), organizer-chosen channels and roles ("You're both in #podcasting", "You both have
 * the Podcasting role"), and a shared time zone last. In a trio, what all three share comes first, then pairs by first name. Empty when
 * nothing is known. The lines are plain text as members typed the tags: callers escape them for messages.
 * `names` should hold exactly the group's members: its size tells a trio whose common ground only involves two of
 * them from a pair.
 */
export function describeCommonGround(
  items: readonly CommonGroundItem[],
  names: Readonly<Record<string, string>>,
): string[] {
  const everyone = new Set(items.flatMap((i) => i.members));
  const groupSize = Math.max(everyone.size, Object.keys(names).length, 2);
  const short = shortNames(names);
  const lines: string[] = [];
  const last: string[] = [];
  // Member sets in the order items arrive (group-wide first, then strongest pair), tags gathered per set.
  const bySet = new Map<string, CommonGroundItem[]>();
  for (const item of items) {
    const key = item.members.join("\u0000");
    const list = bySet.get(key);
    if (list === undefined) bySet.set(key, [item]);
    else list.push(item);
  }
  for (const list of bySet.values()) {
    const s = subject(list[0]!.members, groupSize, short);
    const tags = list.filter((i) => (i.kind === "interest" && !i.via) || i.kind === "field").map((i) => i.label);
    if (tags.length > 0) lines.push(`${s.who}: ${tags.join(", ")}`);
    for (const item of list) {
      if (item.via?.kind === "channel") lines.push(`${s.are} in #${item.via.name.replace(/^#/u, "")}`);
      if (item.via?.kind === "role") lines.push(`${s.who} have the ${item.via.name} role`);
      if (item.kind === "city") lines.push(`${s.are} in ${item.label}`);
      if (item.kind === "goal") lines.push(goalLine(item, s, short));
      if (item.kind === "timezone")
        last.push(s.all ? `Same time zone: ${item.label}` : `${s.who}: same time zone (${item.label})`);
    }
  }
  return [...lines, ...last];
}
