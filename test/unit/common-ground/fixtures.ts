import type { ProfileInput } from "../../../src/common-ground/index.ts";

/** A small PR/journalism/tech chapter, written the way people really fill profiles (variants, typos, empties). */
export const CHAPTER: ProfileInput[] = [
  {
    userId: "alex",
    displayName: "Alex",
    interests: ["Hiking", "Public Relations", "coffee"],
    field: "PR",
    city: "Rochester, NY",
    timeZone: "America/New_York",
    lookingFor: ["hiring"],
  },
  {
    userId: "sam",
    displayName: "Sam",
    interests: ["hikes", "PR", "Board-Games"],
    field: "Public relations",
    city: "Rochester",
    timeZone: "America/New_York",
    lookingFor: ["job"],
  },
  {
    userId: "kim",
    displayName: "Kim",
    interests: ["hiking", "JS", "boardgames", "Coffee ☕"],
    field: "Software Engineer",
    city: "Buffalo, NY",
    timeZone: "America/New_York",
    lookingFor: ["mentee", "friends"],
  },
  {
    userId: "lee",
    displayName: "Lee",
    interests: ["JavaScript", "Photography", "coffee"],
    field: "software engineering",
    city: "NYC",
    timeZone: "America/New_York",
    lookingFor: ["mentor", "friends"],
  },
  {
    userId: "ana",
    displayName: "Ana",
    interests: ["Fútbol", "Podcasts", "coffee", "Journalism"],
    field: "Journalism",
    city: "São Paulo, Brazil",
    timeZone: "America/Sao_Paulo",
    lookingFor: ["collaborators"],
  },
  {
    userId: "omar",
    displayName: "Omar",
    interests: ["القهوة", "podcast", "Soccer", "coffee"],
    field: "journalist",
    city: "Amman, Jordan",
    timeZone: "Asia/Amman",
    lookingFor: ["collaborators"],
  },
  { userId: "quiet", displayName: "Quinn", interests: [], lookingFor: [] },
  { userId: "noor", displayName: "Noor", interests: ["\u200fالقهوة\u200f", "🎸 guitar", "Café"], lookingFor: [] },
  { userId: "jo", displayName: "Jo", interests: ["🎸 Guitar", "cafe", "coffee"], lookingFor: ["friends"] },
];

/** Profiles by id, for readable test setup. */
export function byId(id: string): ProfileInput {
  const found = CHAPTER.find((p) => p.userId === id);
  if (found === undefined) throw new Error(`no fixture ${id}`);
  return found;
}
