import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededOrder } from "../../../src/pairing/context.ts";

const pool = fc.array(
  fc.constantFrom<string>("ann", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "Ann", "a b", ""),
  {
    maxLength: 30,
  },
);

describe("seededOrder: the member order a plan works in", () => {
  it("lists every distinct id once and maps each position to it, first positions first", () => {
    fc.assert(
      fc.property(pool, fc.string(), (members, seed) => {
        const { ids, pos, inner } = seededOrder(members, seed);
        expect([...ids].sort()).toEqual([...new Set(members)].sort());
        for (const [i, id] of ids.entries()) expect(pos[i]).toBe(members.indexOf(id));
        for (const [p, id] of members.entries()) expect(ids[inner[p]!]).toBe(id);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it("does not depend on the order of the members, only on the seed", () => {
    fc.assert(
      fc.property(pool, fc.string(), fc.nat(), (members, seed, salt) => {
        const shuffled = members
          .map((id, i) => [id, (i * 2654435761 + salt) % 1009] as const)
          .sort((x, y) => x[1] - y[1])
          .map(([id]) => id);
        expect(seededOrder(shuffled, seed).ids).toEqual(seededOrder(members, seed).ids);
      }),
      { numRuns: 200, seed: 12 },
    );
  });

  it("gives a different order for a different seed, and the comparator path agrees with the packed one", () => {
    const members = Array.from({ length: 200 }, (_, i) => `member-${i}`);
    const a = seededOrder(members, "one").ids;
    expect(seededOrder(members, "two").ids).not.toEqual(a);
    const withRepeats = [...members, ...members.slice(0, 50)];
    const packed = seededOrder(withRepeats, "one");
    const compared = seededOrder(withRepeats, "one", 0);
    expect(compared.ids).toEqual(packed.ids);
    expect([...compared.pos]).toEqual([...packed.pos]);
    expect([...compared.inner]).toEqual([...packed.inner]);
    expect(packed.ids).toEqual(a);
  });
});
