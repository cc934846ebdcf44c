/** How many members must have written for a group's talk to count as a conversation (README "What the stats count"). */
const WRITERS_FOR_A_CONVERSATION = 2;

/**
 * In a voice room a conversation happened when two or more members were in it together this long: enough to say
 * more than hello, short of a whole round (rounds last two minutes at least).
 */
export const VOICE_TOGETHER_MIN_SECONDS = 60;

/**
 * Whether a group's space held a conversation: two or more members wrote there, or (voice rounds) two or more were in
 * its voice room together for `VOICE_TOGETHER_MIN_SECONDS`. One rule for the organizer's summary, the stats and the
 * async-meet figures, so they never disagree about the same group.
 */
export function conversationHappened(counts: Readonly<Record<string, number>>, voiceTogetherSeconds = 0): boolean {
  if (voiceTogetherSeconds >= VOICE_TOGETHER_MIN_SECONDS) return true;
  // A plain loop: the stats run it for every group of a large event stream.
  let writers = 0;
  for (const member in counts) {
    if ((counts[member] ?? 0) > 0 && ++writers >= WRITERS_FOR_A_CONVERSATION) return true;
  }
  return false;
}
