import { type EncodedMember, goalScore, NONE } from "./features.ts";
import { WEIGHTS } from "./weights.ts";

const W_FIELD = WEIGHTS.sameField;
const W_CITY = WEIGHTS.sameCity;
const W_REGION = WEIGHTS.sameRegion;
const W_ZONE = WEIGHTS.sameTimeZone;

/**
 * Layout of a member's record in `FlatMembers.rec`: six attributes, the interest count, the sorted interest ids.
 * FIELD_HELD is 1 when the member also lists its field as an interest ("PR" as both): two such members are not
 * given the field bonus on top of the shared interest (explain.ts lists it once).
 */
const FIELD = 0;
const FIELD_HELD = 1;
const CITY = 2;
const REGION = 3;
const ZONE = 4;
const GOAL_MASK = 5;
const COUNT = 6;
const HEADER = 7;

/**
 * The members again, as one typed array of records (attributes, then interests) at a fixed stride.
 * `score` and `candidates` run millions of times per pairing; on a large community a score then touches one or two
 * cache lines per member instead of the member's object, its interest array and their backing stores. The terms
 * are those of weights.ts, in the order explain.ts lists them (a property test checks the explanation sums to it).
 */
export class FlatMembers {
  /**
   * @param stride ints per member: every record has the same length, so a record costs one memory access, not two
   * @param rec the records, `stride` ints each
   * @param weight weight per feature id (weights.ts)
   */
  constructor(
    readonly stride: number,
    readonly rec: Int32Array,
    readonly weight: Float64Array,
  ) {}

  static fromMembers(members: readonly EncodedMember[], weight: Float64Array): FlatMembers {
    const n = members.length;
    let most = 0;
    for (const m of members) most = Math.max(most, m.interests.length);
    // Whole 64-byte lines: 9 interests fit one line with the header.
    const stride = Math.ceil((HEADER + most) / 16) * 16;
    const rec = new Int32Array(n * stride);
    for (let i = 0; i < n; i++) {
      const m = members[i]!;
      const o = i * stride;
      rec[o + COUNT] = m.interests.length;
      rec[o + FIELD] = m.field;
      rec[o + FIELD_HELD] = m.fieldInterest !== NONE && m.interests.includes(m.fieldInterest) ? 1 : 0;
      rec[o + CITY] = m.city;
      rec[o + REGION] = m.region;
      rec[o + ZONE] = m.timeZone;
      rec[o + GOAL_MASK] = m.goals;
      rec.set(m.interests, o + HEADER);
    }
    return new FlatMembers(stride, rec, weight);
  }

  score(a: number, b: number): number {
    const rec = this.rec;
    const weight = this.weight;
    const oa = a * this.stride;
    const ob = b * this.stride;
    let s = 0;
    const iEnd = oa + HEADER + rec[oa + COUNT]!;
    const jEnd = ob + HEADER + rec[ob + COUNT]!;
    for (let i = oa + HEADER, j = ob + HEADER; i < iEnd && j < jEnd; ) {
      const u = rec[i]!;
      const v = rec[j]!;
      if (u === v) {
        s += weight[u]!;
        i++;
        j++;
      } else if (u < v) i++;
      else j++;
    }
    return this.addAttributes(s, oa, ob);
  }

  /**
   * `score(a, b)` for many b against one a: `mark` holds a's interest weights by feature id (0 elsewhere, see
   * `markInterests`), so the interests cost one table read each instead of a merge of the two sorted lists with a
   * branch per step. Same terms added in the same order (interests ascending; adding the zeros of unshared ones
   * changes nothing), so the same number as `score`.
   */
  scoreMarked(a: number, b: number, mark: Float64Array): number {
    const rec = this.rec;
    const oa = a * this.stride;
    const ob = b * this.stride;
    let s = 0;
    const jEnd = ob + HEADER + rec[ob + COUNT]!;
    for (let j = ob + HEADER; j < jEnd; j++) s += mark[rec[j]!]!;
    return this.addAttributes(s, oa, ob);
  }

  /**
   * `interests` (the shared interests' weights) plus the attribute terms of the records at offsets oa and ob: field,
   * place (city, else region, else time zone), goals. Added one by one, in this order, so both scores give the same
   * floating-point number.
   */
  private addAttributes(interests: number, oa: number, ob: number): number {
    const rec = this.rec;
    let s = interests;
    const field = rec[oa + FIELD]!;
    if (field !== NONE && field === rec[ob + FIELD]) {
      if (!(rec[oa + FIELD_HELD] === 1 && rec[ob + FIELD_HELD] === 1)) s += W_FIELD;
    }
    const city = rec[oa + CITY]!;
    const ra = rec[oa + REGION]!;
    const rb = rec[ob + REGION]!;
    let place = true;
    if (city !== NONE && city === rec[ob + CITY] && (ra === NONE || rb === NONE || ra === rb)) s += W_CITY;
    else if (ra !== NONE && ra === rb) s += W_REGION;
    else place = false;
    const zone = rec[oa + ZONE]!;
    if (!place && zone !== NONE && zone === rec[ob + ZONE]) s += W_ZONE;
    return s + goalScore(rec[oa + GOAL_MASK]!, rec[ob + GOAL_MASK]!);
  }

  /** Sets (`on`) or clears a's interest weights in `mark` (one entry per feature id) for `scoreMarked`. */
  markInterests(a: number, mark: Float64Array, on: boolean): void {
    const o = a * this.stride;
    for (let x = o + HEADER; x < o + HEADER + this.rec[o + COUNT]!; x++) {
      const f = this.rec[x]!;
      mark[f] = on ? this.weight[f]! : 0;
    }
  }

  /**
   * Writes the features a candidate search looks up for member a (interests, field, city, region, time zone) into
   * `out` (at least `featureCount(a)` long); returns how many.
   */
  features(a: number, out: Int32Array): number {
    const o = a * this.stride;
    let n = 0;
    for (let x = o + HEADER; x < o + HEADER + this.rec[o + COUNT]!; x++) out[n++] = this.rec[x]!;
    for (let at = FIELD; at <= ZONE; at++)
      if (at !== FIELD_HELD && this.rec[o + at] !== NONE) out[n++] = this.rec[o + at]!;
    return n;
  }

  /** An upper bound on `features(a)`'s count. */
  featureCount(a: number): number {
    return this.rec[a * this.stride + COUNT]! + 4;
  }

  /** Where member a's sorted interest ids sit in `rec`: [interestFrom(a), interestTo(a)). */
  interestFrom(a: number): number {
    return a * this.stride + HEADER;
  }

  interestTo(a: number): number {
    const o = a * this.stride;
    return o + HEADER + this.rec[o + COUNT]!;
  }

  goals(a: number): number {
    return this.rec[a * this.stride + GOAL_MASK]!;
  }
}
