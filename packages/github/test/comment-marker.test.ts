import { InputError } from "@slipway/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commentMarker, markerKeysIn, sanitizeCommentKey } from "../src/index.js";

describe("comment markers", () => {
  it("turns a model path into a marker key", () => {
    expect(commentMarker("models/churn v2")).toBe("<!-- slipway:model-diff:models-churn-v2 -->");
  });

  it("finds exactly the key it wrote in any surrounding text (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100, unit: "binary" }),
        fc.string(),
        fc.string(),
        (key, before, after) => {
          fc.pre(!`${before}${after}`.includes("<!--"));
          const sanitized = sanitizeCommentKey(key);
          expect(sanitized).toMatch(/^[A-Za-z0-9._-]+$/);
          expect(markerKeysIn(`${before}${commentMarker(key)}${after}`)).toEqual([sanitized]);
        },
      ),
    );
  });

  it("refuses an empty key and one too long to be a model name", () => {
    expect(() => sanitizeCommentKey("")).toThrow(InputError);
    expect(() => sanitizeCommentKey("m".repeat(101))).toThrow(InputError);
  });
});
