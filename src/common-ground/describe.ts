import type { CommonGroundItem } from "./types.ts";

function nameOf(names: Readonly<Record<string, string>>, id: string): string {
  return names[id] ?? id;
}

function joinNames(list: readonly string[]): string {
  if (list.length <= 2) return list.join(" and ");
  return `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

/** "You both" / "All three of you" / "Alex and Sam", depending on how many of the group an item names. */
function who(members: readonly string[], groupSize: number, names: Readonly<Record<string, string>>) {
  if (members.length === groupSize) {
    return { subject: groupSize === 2 ? "You both" : groupSize === 3 ? "All three of you" : "All of you", all: true };
  }
  return { subject: joinNames(members.map((m) => nameOf(names, m))), all: false };
}

function goalSentence(item: CommonGroundItem, groupSize: number, names: Readonly<Record<string, string>>): string {
  const [first = "", second = ""] = item.members.map((m) => nameOf(names, m));
  if (item.topic === "hiring-job") return `${first} is hiring, ${second} is looking for a job`;
  if (item.topic === "mentor-mentee") return `${first} is looking for a mentor, ${second} is open to mentoring`;
  const { subject, all } = who(item.members, groupSize, names);
  const lead = all ? (groupSize === 2 ? "both" : "all") : `${subject} are both`;
  if (item.topic === "collaborators") return `${lead} looking for collaborators`;
  if (item.topic === "friends") return `${lead} here to make friends`;
  return `${lead} into ${item.label}`;
}

/**
 * One line for the intro message, segments joined by " · ": shared tags per member set ("You both: hiking, public
 * relations"), places ("both in Rochester"), time zone, then goals ("Alex is hiring, Sam is looking for a job").
 * In a trio, what all three share comes first ("All three of you: ..."), then pairs by name. "" when nothing is known.
 * `names` should hold exactly the group's members: its size tells a trio whose common ground only involves two of
 * them from a pair (with extra names, items are attributed by name, which stays correct but reads less warmly).
 */
export function describeCommonGround(
  items: readonly CommonGroundItem[],
  names: Readonly<Record<string, string>>,
): string {
  const everyone = new Set(items.flatMap((i) => i.members));
  const groupSize = Math.max(everyone.size, Object.keys(names).length, 2);
  const segments: string[] = [];
  // Member sets in the order items arrive (group-wide first, then strongest pair), tags gathered per set.
  const bySet = new Map<string, CommonGroundItem[]>();
  for (const item of items) {
    if (item.kind === "goal" && (item.topic === "hiring-job" || item.topic === "mentor-mentee")) continue;
    const key = item.members.join("\u0000");
    const list = bySet.get(key);
    if (list === undefined) bySet.set(key, [item]);
    else list.push(item);
  }
  for (const list of bySet.values()) {
    const { subject, all } = who(list[0]!.members, groupSize, names);
    const tags = list.filter((i) => i.kind === "interest" || i.kind === "field").map((i) => i.label);
    if (tags.length > 0) segments.push(`${subject}: ${tags.join(", ")}`);
    const both = all ? (groupSize === 2 ? "both" : "all") : `${subject} both`;
    for (const item of list) {
      if (item.kind === "city") segments.push(`${both} in ${item.label}`);
      if (item.kind === "timezone") segments.push(`${both} on ${item.label} time`);
      if (item.kind === "goal") segments.push(goalSentence(item, groupSize, names));
    }
  }
  for (const item of items) {
    if (item.kind === "goal" && (item.topic === "hiring-job" || item.topic === "mentor-mentee")) {
      segments.push(goalSentence(item, groupSize, names));
    }
  }
  return segments.join(" · ");
}
