import { CITY_SYNONYMS, REGION_SYNONYMS, TAG_SYNONYMS } from "./synonyms.ts";

// Invisible direction marks and BOMs are pasted along with RTL text; they change nothing a reader sees, so they must
// not make two tags differ. ZWJ/ZWNJ are kept: they build emoji sequences and spell Persian/Indic words.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is removed on its own, on purpose
const INVISIBLE = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufe0e\ufe0f]/g;
// Latin diacritics are often dropped when typing ("resume", "Pokemon"), so they are folded for matching. Combining
// marks of other scripts (Arabic harakat, Devanagari vowel signs...) are letters in their own right and stay.
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
// Everything that is not a letter, mark, digit, emoji piece or joiner separates words. `+` and `#` survive so that
// "C++" and "C#" stay distinct from "C"; stray ones are dropped below.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: joiners are kept as single code points, on purpose
const SEPARATORS = /[^\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Emoji_Component}\u200c\u200d+#]+/gu;
const STRAY_SYMBOLS = /(^|\s)[+#]+|[+#]+(?=\p{L}|\p{N})/gu;

// English plurals are stripped word by word; these words end in "s" but are not plurals (or read worse singular).
const INVARIANT = new Set(
  (
    "news sales series species analytics economics politics physics mathematics ethics athletics logistics graphics " +
    "electronics linguistics statistics robotics aerobics gymnastics esports comics basics ios macos aws dns " +
    "kubernetes canvas texas paris vegas angeles always lotus business wellness"
  ).split(" "),
);
// Words ending in -ie whose plural is -ies; every other -ies plural becomes -y (cities → city).
const IE_WORDS = new Set(
  "movie cookie zombie selfie foodie techie rookie smoothie indie pie tie hippie brownie goalie veggie newbie hoodie calorie".split(
    " ",
  ),
);

function singularWord(word: string): string {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || INVARIANT.has(word) || !word.endsWith("s")) return word;
  if (/(ss|us|is)$/.test(word)) return word;
  if (word.endsWith("ies")) return IE_WORDS.has(word.slice(0, -1)) ? word.slice(0, -1) : `${word.slice(0, -3)}y`;
  if (/(sses|ches|shes|xes|zes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d]+/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Case, Unicode form, punctuation and spacing; no plural or synonym handling. */
function clean(text: string): string {
  const unified = text
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .toLowerCase()
    .normalize("NFD")
    .replace(LATIN_MARKS, "$1")
    .normalize("NFC")
    .replace(/&/g, " and ");
  // Emoji next to words are decoration ("🎸 guitar" is "guitar"); an emoji-only tag ("☕") is kept as the tag itself.
  const words = HAS_WORD.test(unified) ? unified.replace(EMOJI, " ") : unified;
  return words
    .replace(/(^|\s)\.net\b/g, "$1dotnet")
    .replace(/['’ʼ`´]/g, "")
    .replace(SEPARATORS, " ")
    .replace(STRAY_SYMBOLS, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

function base(text: string): string {
  return clean(text).split(" ").map(singularWord).join(" ");
}

function synonymTable(source: Readonly<Record<string, readonly string[]>>, form: (s: string) => string) {
  const table = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(source)) {
    for (const alias of [canonical, ...aliases]) {
      const key = form(alias);
      const previous = table.get(key);
      // A clash would make matching depend on table order; fail loudly at load instead.
      if (previous !== undefined && previous !== canonical) {
        throw new Error(`Synonym "${alias}" maps to both "${previous}" and "${canonical}"`);
      }
      table.set(key, canonical);
    }
  }
  return table;
}

const TAGS = synonymTable(TAG_SYNONYMS, base);
const CITIES = synonymTable(CITY_SYNONYMS, clean);
const REGIONS = synonymTable(REGION_SYNONYMS, clean);
const CANONICAL_TAGS = new Set(Object.keys(TAG_SYNONYMS));
/** Values people type to mean "no answer"; they must never count as common ground. */
const EMPTY_VALUES = new Set(["", "n a", "na", "none", "nothing", "no", "nope", "tbd", "remote", "anywhere", "online"]);

// Tags repeat heavily across a community, so memoising keeps building a 100k-member model cheap.
const tagCache = new Map<string, string>();

/**
 * The matching key of a free-text tag: Unicode-normalised, lower-case, punctuation and spacing collapsed, English
 * plurals singular, Latin accents folded, known synonyms mapped to one canonical form ("PR" → "public relations",
 * "JS" → "javascript"). Non-Latin scripts and RTL text are kept as written (minus invisible direction marks); emoji
 * are kept when they are the whole tag and dropped as decoration next to words ("☕" stays, "🎸 guitar" → "guitar").
 * Returns "" for tags that carry nothing ("n/a", "-").
 */
export function normalizeTag(tag: string): string {
  const cached = tagCache.get(tag);
  if (cached !== undefined) return cached;
  const key = base(tag);
  const result = EMPTY_VALUES.has(key) ? "" : (TAGS.get(key) ?? key);
  if (tagCache.size > 200_000) tagCache.clear();
  tagCache.set(tag, result);
  return result;
}

/** True when the key is a canonical form from the synonym table (written by us, so fit to display as is). */
export function isCanonicalTag(key: string): boolean {
  return CANONICAL_TAGS.has(key);
}

/** A place split into a city key and an optional region key ("Rochester, NY" → rochester / new york state). */
export interface PlaceKey {
  city: string;
  cityLabel: string;
  region?: string;
  regionLabel?: string;
}

/** Normalises a free-text place; "" city when the text carries nothing ("Remote"). */
export function normalizePlace(place: string): PlaceKey {
  const parts = place
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const cityLabel = parts[0] ?? "";
  const cityKey = clean(cityLabel);
  const city = EMPTY_VALUES.has(cityKey) ? "" : (CITIES.get(cityKey) ?? cityKey);
  const regionLabel = parts.length > 1 ? parts[parts.length - 1] : undefined;
  if (regionLabel === undefined) return { city, cityLabel };
  const regionKey = clean(regionLabel);
  return { city, cityLabel, region: REGIONS.get(regionKey) ?? regionKey, regionLabel };
}

/** Collapses inner whitespace so a member's own spelling can be shown tidily. */
export function tidyLabel(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
