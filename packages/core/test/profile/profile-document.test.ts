import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors/input-error.js";
import { mergeProfiles } from "../../src/profile/dataset-profile.js";
import { parseProfile, serializeProfile } from "../../src/profile/profile-document.js";
import { profileOf } from "./batch-of.js";
import { expectEquivalentProfiles } from "./expect-equivalent.js";

const sample = {
  age: [34, 41, null, 29, 41, 56, "", 38],
  city: ["Oslo", "Lima", "Oslo", null, "Pune", "Oslo", "Lima", "Pune"],
  joined: ["2024-01-03", "2023-12-31", "2024-02-29", "2024-02-30", "", "2022-07-01", "2021-05-05", "2020-01-01"],
};

/** The parts of a profile file the edits below touch (the rest passes through untyped). */
interface ProfileJson {
  schema: string;
  columns: {
    [field: string]: unknown;
    name: string;
    count: number;
    nulls: number;
    types: { number: number };
    values: { counts: [string, number][] };
    hyperloglog: unknown;
    numeric: { sample: number[]; sketch: { zero: number; relative_accuracy: number } };
  }[];
}

function parseError(text: string): InputError {
  try {
    parseProfile(text, "reference.profile.json");
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("the profile parsed");
}

/** The sample profile as a JSON value, edited by `edit`, as text. */
function edited(edit: (document: ProfileJson) => void): string {
  const document = JSON.parse(serializeProfile(profileOf(sample)));
  edit(document);
  return JSON.stringify(document);
}

describe("profile files", () => {
  it("reads back exactly the profile that was written", () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.constantFrom(null, "", true, "2024-05-01"),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 80 }), fc.array(cell, { maxLength: 80 }), (a, b) => {
        const profile = mergeProfiles(profileOf({ x: a }), profileOf({ x: b }));
        const text = serializeProfile(profile);
        const parsed = parseProfile(text, "p.json");
        expect(parsed).toEqual(profile);
        expect(serializeProfile(parsed)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("round-trips a profile whose sketches replaced the exact counts", () => {
    const ids = Array.from({ length: 6_000 }, (_, k) => `user-${k}`);
    const amounts = Array.from({ length: 6_000 }, (_, k) => ((k * 7919) % 1_000) / 10);
    const profile = profileOf({ id: ids, amount: amounts });
    expect(profile.columns[0]!.distinctSketch).not.toBeNull();
    expect(profile.columns[1]!.numeric!.sample).toBeNull();
    expectEquivalentProfiles(parseProfile(serializeProfile(profile), "p.json"), profile);
  });

  it("writes the schema tag and readable summaries", () => {
    const document = JSON.parse(serializeProfile(profileOf(sample)));
    expect(document.schema).toBe("slipway/profile@1");
    const age = document.columns[0];
    expect(age).toMatchObject({ name: "age", count: 8, nulls: 2, types: { integer: 6, number: 6 } });
    expect(age.numeric).toMatchObject({ count: 6, min: 29, max: 56 });
    expect(document.columns[2].types.date).toBe(6); // 2024-02-30 is not a date
  });

  it("names the file and the line of a JSON syntax error", () => {
    const error = parseError('{\n  "schema": "slipway/profile@1",\n  "rows": 3,,\n}');
    expect(error.location).toMatchObject({ file: "reference.profile.json", line: 3 });
  });

  it("rejects another schema and says what it expected", () => {
    const error = parseError(edited((d) => (d.schema = "slipway/validation@1")));
    expect(error.message).toContain('expected "slipway/profile@1", got "slipway/validation@1"');
  });

  it.each([
    [
      "a negative null count",
      (d: ProfileJson) => (d.columns[0]!.nulls = -1),
      "columns[0].nulls: expected a non-negative integer",
    ],
    ["more nulls than rows", (d: ProfileJson) => (d.columns[0]!.nulls = 9), "columns[0].nulls: expected at most 8"],
    [
      "a count that is not the row count",
      (d: ProfileJson) => (d.columns[1]!.count = 7),
      "columns[1].count: expected 8",
    ],
    [
      "value counts that do not add up",
      (d: ProfileJson) => (d.columns[1]!.values.counts[0]![1] = 1),
      "columns[1].values.counts: counts add up to",
    ],
    ["an unknown field", (d: ProfileJson) => (d.columns[0]!.median = 40), 'columns[0]: unknown field "median"'],
    [
      "a missing field",
      (d: ProfileJson) => Reflect.deleteProperty(d.columns[0]!, "types"),
      'columns[0]: missing field "types"',
    ],
    [
      "an unsorted sample",
      (d: ProfileJson) => d.columns[0]!.numeric.sample.reverse(),
      "columns[0].numeric.sample[1]: expected the sample in ascending order",
    ],
    [
      "a sketch that holds other values",
      (d: ProfileJson) => (d.columns[0]!.numeric.sketch.zero = 4),
      "columns[0].numeric.sketch: buckets hold 10 values; expected 6",
    ],
    [
      "another sketch accuracy",
      (d: ProfileJson) => (d.columns[0]!.numeric.sketch.relative_accuracy = 0.02),
      "relative_accuracy: expected 0.01",
    ],
    [
      "registers while values are exact",
      (d: ProfileJson) => (d.columns[1]!.hyperloglog = { precision: 14, registers: "" }),
      "columns[1].hyperloglog: expected null",
    ],
    [
      "a duplicated column",
      (d: ProfileJson) => (d.columns[1]!.name = "age"),
      'columns[1].name: column "age" appears twice',
    ],
    [
      "a numeric count unlike types.number",
      (d: ProfileJson) => (d.columns[0]!.types.number = 5),
      "expected at most types.number",
    ],
  ])("rejects %s with the JSON path", (_name, edit, message) => {
    const error = parseError(edited(edit));
    expect(error.location?.file).toBe("reference.profile.json");
    expect(error.message).toContain(message);
  });
});
