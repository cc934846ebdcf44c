import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizePlace, normalizeTag } from "../../../src/common-ground/index.ts";
import { TAG_SYNONYMS } from "../../../src/common-ground/synonyms.ts";

describe("normalizeTag", () => {
  it("matches case, spacing and punctuation variants", () => {
    for (const v of ["Public Relations", "  public   relations ", "PUBLIC-RELATIONS", "public relations!"]) {
      expect(normalizeTag(v)).toBe("public relations");
    }
  });

  it("matches plurals and known synonyms and abbreviations", () => {
    expect(normalizeTag("PR")).toBe(normalizeTag("public relations"));
    expect(normalizeTag("P.R.")).toBe("public relations");
    expect(normalizeTag("JS")).toBe(normalizeTag("JavaScript"));
    expect(normalizeTag("hikes")).toBe(normalizeTag("Hiking"));
    expect(normalizeTag("Board-Games")).toBe(normalizeTag("boardgames"));
    expect(normalizeTag("podcast")).toBe(normalizeTag("Podcasts"));
    expect(normalizeTag("D&D")).toBe(normalizeTag("Dungeons & Dragons"));
    expect(normalizeTag("cities")).toBe("city");
    expect(normalizeTag("movies")).toBe(normalizeTag("movie"));
  });

  it("keeps words that only look plural", () => {
    expect(normalizeTag("News")).toBe("news");
    expect(normalizeTag("Sales")).toBe("sales");
    expect(normalizeTag("Analytics")).toBe("analytics");
    expect(normalizeTag("Business")).toBe("business");
  });

  it("keeps programming languages with symbols apart from plain letters", () => {
    expect(normalizeTag("C++")).toBe("c++");
    expect(normalizeTag("C#")).toBe("c#");
    expect(normalizeTag("C")).toBe("c");
    expect(normalizeTag(".NET")).toBe("dotnet");
    expect(normalizeTag("#hiking")).toBe("hiking");
  });

  it("keeps non-Latin scripts, emoji-only tags and RTL text intact, dropping only invisible direction marks", () => {
    expect(normalizeTag("القهوة")).toBe("القهوة");
    expect(normalizeTag("\u200fالقهوة\u200f")).toBe("القهوة");
    expect(normalizeTag("हिन्दी संगीत")).toBe("हिन्दी संगीत");
    expect(normalizeTag("שחמט")).toBe("שחמט");
    expect(normalizeTag("👩🏽‍💻")).toBe("👩🏽‍💻");
    expect(normalizeTag("☕️")).toBe(normalizeTag("☕"));
    expect(normalizeTag("日本語")).toBe("日本語");
  });

  it("treats emoji next to words as decoration", () => {
    expect(normalizeTag("🎸 Guitar")).toBe(normalizeTag("guitar"));
    expect(normalizeTag("Coffee ☕")).toBe(normalizeTag("coffee"));
    expect(normalizeTag("🇧🇷 Brasil")).toBe("brasil");
  });

  it("matches Latin words with and without accents, in composed or decomposed form", () => {
    expect(normalizeTag("Café")).toBe(normalizeTag("cafe"));
    expect(normalizeTag("Cafe\u0301")).toBe(normalizeTag("Café"));
    expect(normalizeTag("Pokémon")).toBe(normalizeTag("pokemon"));
  });

  it("treats placeholder answers as no tag", () => {
    expect(normalizeTag("n/a")).toBe("");
    expect(normalizeTag(" - ")).toBe("");
    expect(normalizeTag("")).toBe("");
  });

  it("maps every synonym-table entry to its canonical form, which is a fixed point", () => {
    for (const [canonical, aliases] of Object.entries(TAG_SYNONYMS)) {
      expect(normalizeTag(canonical)).toBe(canonical);
      for (const alias of aliases) expect(normalizeTag(alias), alias).toBe(canonical);
    }
  });

  it("is idempotent on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (text) => {
        const once = normalizeTag(text);
        expect(normalizeTag(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe("normalizePlace", () => {
  it("splits city and region and knows common abbreviations", () => {
    expect(normalizePlace("Rochester, NY")).toMatchObject({ city: "rochester", region: "new york state" });
    expect(normalizePlace("Rochester, New York")).toMatchObject({ city: "rochester", region: "new york state" });
    expect(normalizePlace("NYC").city).toBe(normalizePlace("New York, NY").city);
    expect(normalizePlace("Sao Paulo").city).toBe(normalizePlace("São Paulo, Brazil").city);
  });

  it("ignores places that say nothing", () => {
    expect(normalizePlace("Remote").city).toBe("");
  });
});
