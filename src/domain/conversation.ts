/** How many members must have written for a group's talk to count as a conversation (README "What the stats count"). */
const WRITERS_FOR_A_CONVERSATION = 2;

/**
 * Whether a group's space held a conversation: two or more members wrote there. One rule for the organizer's
 * summary, the stats and the async-meet figures, so they never disagree about the same group.
 */
export function conversationHappened(counts: Readonly<Record<string, number>>): boolean {
  // A plain loop: the stats run it for every group of a large event stream.
  let writers = 0;
  for (const member in counts) {
    if ((counts[member] ?? 0) > 0 && ++writers >= WRITERS_FOR_A_CONVERSATION) return true;
  }
  return false;
}
