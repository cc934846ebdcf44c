/**
 * The sandbox's community: one organizer (the person trying the sandbox) and a dozen simulated members with varied
 * profiles, so intros show real common ground. Ids look like Slack user ids so the shared command-text parser reads
 * `@name` mentions the same way.
 */
export interface SeedMember {
  id: string;
  name: string;
  organizer: boolean;
  /** Options of `/quickmeet profile`, exactly as a member would type them. */
  profile: {
    interests: string;
    field: string;
    city: string;
    timezone: string;
    looking_for: string;
    fun_fact: string;
  };
}

export const SANDBOX_COMMUNITY = { id: "T0SANDBOX", name: "Riverside Comms Club" } as const;
export const SANDBOX_CHANNEL = { id: "C0GENERAL", name: "general" } as const;
export const ORGANIZER_ID = "UORGANIZER";

const m = (id: string, name: string, profile: SeedMember["profile"], organizer = false): SeedMember => ({
  id,
  name,
  organizer,
  profile,
});

export const SEED_MEMBERS: readonly SeedMember[] = [
  m(
    ORGANIZER_ID,
    "Sam Rivera",
    {
      interests: "community building, podcasts, hiking",
      field: "Community manager",
      city: "Rochester",
      timezone: "America/New_York",
      looking_for: "collaborators",
      fun_fact: "Runs the club's monthly trivia night",
    },
    true,
  ),
  m("UAMARA", "Amara Okafor", {
    interests: "crisis communication, podcasts, running, afrobeats",
    field: "PR student",
    city: "Rochester",
    timezone: "America/New_York",
    looking_for: "mentor, job",
    fun_fact: "Has run three half marathons in one year",
  }),
  m("UBEN", "Ben Carter", {
    interests: "data visualization, podcasts, climbing, python",
    field: "Data journalist",
    city: "New York",
    timezone: "America/New_York",
    looking_for: "collaborators, mentee",
    fun_fact: "Built a map of every bagel shop in Brooklyn",
  }),
  m("UCHLOE", "Chloé Martin", {
    interests: "branding, photography, running, french cinema",
    field: "Brand strategist",
    city: "Montreal",
    timezone: "America/Toronto",
    looking_for: "hiring",
    fun_fact: "Once styled a photo shoot on a frozen lake",
  }),
  m("UDIEGO", "Diego Alvarez", {
    interests: "soccer, podcasts, storytelling, tacos",
    field: "Sports reporter",
    city: "Austin",
    timezone: "America/Chicago",
    looking_for: "friends, collaborators",
    fun_fact: "Interviewed a World Cup goalkeeper in Spanish and English",
  }),
  m("UEMILY", "Emily Chen", {
    interests: "photography, board games, hiking, accessibility",
    field: "UX researcher",
    city: "Seattle",
    timezone: "America/Los_Angeles",
    looking_for: "mentor",
    fun_fact: "Owns more than eighty board games",
  }),
  m("UFARAH", "Farah Haddad", {
    interests: "crisis communication, hiking, poetry",
    field: "Nonprofit communications manager",
    city: "Chicago",
    timezone: "America/Chicago",
    looking_for: "hiring, mentee",
    fun_fact: "Published a chapbook of poems about trains",
  }),
  m("UGRACE", "Grace Kim", {
    interests: "board games, baking, running",
    field: "Alumni relations officer",
    city: "Rochester",
    timezone: "America/New_York",
    looking_for: "friends",
    fun_fact: "Bakes a different bread every Sunday",
  }),
  m("UHIRO", "Hiro Tanaka", {
    interests: "film, photography, jazz",
    field: "Video producer",
    city: "Los Angeles",
    timezone: "America/Los_Angeles",
    looking_for: "collaborators, job",
    fun_fact: "Plays upright bass in a weekend trio",
  }),
  m("UISABEL", "Isabel Rossi", {
    interests: "investigative reporting, podcasts, jazz, climbing",
    field: "Journalism student",
    city: "Boston",
    timezone: "America/New_York",
    looking_for: "mentor, job",
    fun_fact: "Edits her college paper's night desk",
  }),
  m("UJAMAL", "Jamal Wright", {
    interests: "branding, basketball, podcasts",
    field: "Social media strategist",
    city: "Atlanta",
    timezone: "America/New_York",
    looking_for: "hiring, friends",
    fun_fact: "Grew a brand account from zero to 100k followers",
  }),
  m("UKAVYA", "Kavya Iyer", {
    interests: "data visualization, hiking, poetry",
    field: "Policy analyst",
    city: "Washington",
    timezone: "America/New_York",
    looking_for: "collaborators",
    fun_fact: "Hiked the whole Appalachian Trail in sections",
  }),
  m("ULIAM", "Liam O'Brien", {
    interests: "storytelling, soccer, baking",
    field: "Freelance copywriter",
    city: "Dublin",
    timezone: "Europe/Dublin",
    looking_for: "job, friends",
    fun_fact: "Wrote radio ads for a circus",
  }),
];

/** First name, for chat lines and `@name` mentions. */
export const firstName = (name: string) => name.split(" ")[0] ?? name;
