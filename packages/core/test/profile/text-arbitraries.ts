import fc from "fast-check";

/** Texts built to probe readers of numbers and dates at their edges, for the property tests. */

const DIGIT = fc.constantFrom(..."0123456789");

export function digitText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: DIGIT, minLength, maxLength });
}

/**
 * Short texts over the characters that number and date grammars care about, with the look-alikes
 * that case folding, trimming or `Number` might treat specially (dotless and dotted I, the long
 * s, the Kelvin sign, no-break and zero-width spaces, full-width digits).
 */
export const trickyText: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(
    ..."0123456789+-.eE:TtZz ",
    "x",
    "0x",
    "Infinity",
    "NaN",
    "true",
    "FaLsE",
    "İ",
    "ı",
    "ſ",
    "\u212a",
    "\u00a0",
    "\ufeff",
    "\u2028",
    "\t",
    "\n",
    "０",
    "٣",
  ),
  maxLength: 12,
});

/** Texts shaped like decimal numbers: signs, points and exponents around runs of digits. */
export const numberLikeText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("", "", "+", "-", "--", " "),
      digitText(0, 20),
      fc.constantFrom("", "", ".", ".", ",", ".."),
      digitText(0, 20),
      fc.constantFrom("", "", "", "e", "E", "e+", "e-", "E-", "e+-"),
      digitText(0, 4),
      fc.constantFrom("", "", "", " ", "x", "."),
    )
    .map((parts) => parts.join("")),
  fc.double({ noNaN: true }).map(String),
  fc
    .double({ min: -1e7, max: 1e7, noNaN: true })
    .chain((x) => fc.integer({ min: 0, max: 17 }).map((k) => x.toFixed(k))),
  // A 13 to 17 digit mantissa, around the 15 digits below which the value is summed exactly.
  fc
    .tuple(digitText(13, 17), fc.nat(17), fc.constantFrom("", "-", "+"))
    .map(([digits, point, sign]) => `${sign}${digits.slice(0, point)}.${digits.slice(point)}`),
  trickyText,
);

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** Texts shaped like ISO dates and date-times: valid ones, out-of-range fields, and near misses. */
export const dateLikeText: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 4, 99, 100, 400, 1900, 2000, 2023, 2024)),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      separator: fc.constantFrom("T", "t", " ", "_", "TT"),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 61 }),
      second: fc.option(fc.integer({ min: 0, max: 61 })),
      fraction: fc.option(digitText(0, 12)),
      zone: fc.oneof(
        fc.constantFrom("", "Z", "z", "+", "-", " ", "ZZ"),
        fc
          .tuple(
            fc.constantFrom("+", "-"),
            fc.integer({ min: 0, max: 25 }),
            fc.constantFrom(":", "", "::"),
            fc.integer({ min: 0, max: 61 }),
          )
          .map(([sign, hours, colon, minutes]) => `${sign}${pad(hours, 2)}${colon}${pad(minutes, 2)}`),
      ),
      form: fc.constantFrom("date", "minutes", "seconds", "raw"),
    })
    .map((t) => {
      const date = `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`;
      if (t.form === "date") return date;
      const minutes = `${date}${t.separator}${pad(t.hour, 2)}:${pad(t.minute, 2)}`;
      if (t.form === "minutes") return `${minutes}${t.zone}`;
      const seconds = t.second === null ? minutes : `${minutes}:${pad(t.second, 2)}`;
      const fraction = t.fraction === null ? "" : `.${t.fraction}`;
      return `${seconds}${fraction}${t.zone}`;
    }),
  fc
    .tuple(
      digitText(3, 5),
      fc.constantFrom("-", "/", ""),
      digitText(1, 3),
      fc.constantFrom("-", ""),
      digitText(1, 3),
      fc.constantFrom("", "T", " "),
      digitText(0, 3),
      fc.constantFrom("", ":", ":"),
      digitText(0, 3),
      fc.constantFrom("", ":", "."),
      digitText(0, 4),
      fc.constantFrom("", "Z", "+01:00", "-0130", "+1", "Zx"),
    )
    .map((parts) => parts.join("")),
  fc
    .date({ min: new Date(-62_167_219_200_000), max: new Date(253_402_300_799_999), noInvalidDate: true })
    .chain((d) =>
      fc
        .constantFrom(0, 10, 16, 19, 23, 24)
        .map((cut) => (cut === 0 ? d.toISOString() : d.toISOString().slice(0, cut))),
    ),
  trickyText,
);
