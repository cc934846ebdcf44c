/**
 * How much each kind of common ground adds to a pair's score. The scale is set by shared interests, whose weight is
 * their inverse document frequency ln(1 + N / df): a tag half the community wrote is worth ~1.1, one shared by 2 of
 * 1,000 members ~6.2. The fixed weights below sit against that scale:
 *
 * - complementary goals (mentor↔mentee, hiring↔job) are the reason many members join, so they weigh like a rare
 *   interest;
 * - both looking for collaborators / friends is a shared intention, worth about a mid-frequency interest;
 * - same city is a strong conversation starter (local events, places); same region only (same state/country) less;
 * - same field is common inside professional communities (a PR chapter is mostly PR), so it stays moderate;
 * - same time zone is nearly free information and only counted when no place matched (it would double count).
 */
export const WEIGHTS = {
  complementaryGoal: 3,
  sharedCollaborators: 1.5,
  sharedFriends: 1,
  sameCity: 2,
  sameRegion: 0.75,
  sameField: 1.5,
  sameTimeZone: 0.5,
} as const;

/** Weight of an interest held by `df` of `n` members. Always > 0, so any shared interest counts. */
export function interestWeight(n: number, df: number): number {
  return Math.log(1 + n / Math.max(1, df));
}
