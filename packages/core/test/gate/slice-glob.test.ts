import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLiteralSlice, matchesSliceGlob } from "../../src/gate/slice-glob.js";

describe("slice globs", () => {
  it.each([
    ["region=*", "region=eu", true],
    ["region=*", "region=", true],
    ["region=*", "tier=gold", false],
    ["region=e*", "region=eu", true],
    ["region=e*", "region=us", false],
    ["region=e?", "region=eu", true],
    ["region=e?", "region=eur", false],
    ["*=eu", "country=eu", true],
    ["path=*", "path=a/b.c", true],
    ["region=eu", "region=eu", true],
    ["region=eu", "region=EU", false],
    ["region=*u*", "region=us-east", true],
    ["a=*b*c", "a=xbyc", true],
    ["a=*b*c", "a=xbycd", false],
  ])("%s matches %s: %s", (glob, slice, expected) => {
    expect(matchesSliceGlob(glob, slice)).toBe(expected);
  });

  it("a glob without wildcards matches exactly itself", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[*?]/.test(s)),
        fc.string(),
        (glob, other) => {
          expect(isLiteralSlice(glob)).toBe(true);
          expect(matchesSliceGlob(glob, glob)).toBe(true);
          expect(matchesSliceGlob(glob, other)).toBe(glob === other);
        },
      ),
    );
  });

  it("column=* matches every value of the column and nothing else", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (value, column) => {
        expect(matchesSliceGlob("region=*", `region=${value}`)).toBe(true);
        if (!column.startsWith("region=")) expect(matchesSliceGlob("region=*", column)).toBe(false);
      }),
    );
  });
});
