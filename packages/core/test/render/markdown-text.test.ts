import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeSpan, escapeMarkdownText, escapeTableCell, plainLine } from "../../src/render/markdown-text.js";

/** Any string, including astral characters, controls, bidi overrides and Markdown syntax. */
const hostile = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc
    .array(
      fc.constantFrom(
        "<",
        ">",
        "&",
        "|",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "!",
        "@",
        "#",
        "*",
        "_",
        "~",
        "`",
        "$",
        "-",
        "+",
        "1.",
        "\n",
        "\r\n",
        "\t",
        "\u0000",
        "\u202E",
        "\u2028",
        "http://",
        "https://",
        "www.",
        "WWW.",
        "<!--",
        "-->",
        "](",
        "@octocat",
        "#123",
        "GH-42",
        "user@example.com",
        "a",
        "Z",
        "0",
        "9",
        " ",
        "é",
        "😀",
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join("")),
);

/** Undoes the escapes: backslash escapes, the three entities and the inserted zero-width spaces. */
function unescapeMarkdown(text: string): string {
  return text
    .replace(/\u200B/g, "")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Every `|` is preceded by an odd number of backslashes, so GFM treats it as escaped. */
function everyPipeEscaped(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "|") continue;
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && text[j] === "\\"; j--) backslashes++;
    if (backslashes % 2 === 0) return false;
  }
  return true;
}

describe("escapeMarkdownText", () => {
  it("never lets a file's text open HTML, a link, a mention, a new line or a table cell", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const out = escapeMarkdownText(input);
        expect(out).not.toContain("<");
        expect(out).not.toContain(">");
        expect(out).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(out).not.toMatch(/@[\p{L}\p{N}_]/u);
        expect(out).not.toContain("](");
        expect(everyPipeEscaped(out)).toBe(true);
        expect(out).not.toMatch(/#[\p{L}\p{N}]/u);
        expect(out).not.toMatch(/[a-z]:\/\//i);
        expect(out).not.toMatch(/www\./i);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
        expect(out).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
        // Emphasis, strike, code and math markers are all backslash-escaped.
        expect(out.replace(/\\[\\*_~`$[\]]/g, "")).not.toMatch(/[*_~`$[\]]/);
      }),
      { numRuns: 2_000 },
    );
  });

  it("keeps every visible character of the input, so the reader sees the real name", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const expected = plainLine(input, Number.MAX_SAFE_INTEGER).replace(/\u200B/g, "");
        expect(unescapeMarkdown(escapeMarkdownText(input, Number.MAX_SAFE_INTEGER))).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it("cuts long text to the limit with an ellipsis, without splitting a character", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", minLength: 0, maxLength: 400 }),
        fc.integer({ min: 1, max: 120 }),
        (input, max) => {
          const line = plainLine(input, max);
          expect(Array.from(line).length).toBeLessThanOrEqual(max);
          expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          if (Array.from(plainLine(input, Number.MAX_SAFE_INTEGER)).length > max) expect(line.endsWith("…")).toBe(true);
        },
      ),
    );
    expect(escapeMarkdownText("x".repeat(10_000), 80)).toBe(`${"x".repeat(79)}…`);
  });

  it("neutralises the sequences GitHub would turn into notifications, links or markup", () => {
    expect(escapeMarkdownText("ping @octocat")).toBe("ping @\u200Boctocat");
    expect(escapeMarkdownText("closes #123")).toBe("closes \\#\u200B123");
    expect(escapeMarkdownText("see https://evil.example")).toBe("see https:\u200B//evil.example");
    expect(escapeMarkdownText("www.evil.example")).toBe("www\u200B.evil.example");
    expect(escapeMarkdownText("[x](javascript:alert(1))")).toBe("\\[x\\]\\(javascript:alert(1))");
    expect(escapeMarkdownText("<!-- slipway:model-diff:x -->")).toBe("&lt;!-- slipway:model-diff:x --&gt;");
    expect(escapeMarkdownText("a|b\nc")).toBe("a\\|b c");
    expect(escapeMarkdownText("- item")).toBe("\\- item");
    expect(escapeMarkdownText("1. item")).toBe("1\\. item");
    expect(escapeMarkdownText("**bold** _it_ ~~s~~ `code` $x$")).toBe(
      "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`code\\` \\$x\\$",
    );
  });
});

describe("escapeTableCell", () => {
  it("shows an empty value as a dash so the cell does not look like a rendering fault", () => {
    expect(escapeTableCell("")).toBe("—");
    expect(escapeTableCell("\u0000\n")).toBe("—");
  });
});

describe("codeSpan", () => {
  it("uses a plain code span for ordinary names", () => {
    expect(codeSpan("region=eu")).toBe("`region=eu`");
    expect(codeSpan("@octocat #1 http://x")).toBe("`@octocat #1 http://x`");
  });

  it("falls back to an escaped <code> element when a backtick, pipe or angle bracket would break out", () => {
    expect(codeSpan("a`b")).toBe("<code>a\\`b</code>");
    expect(codeSpan("a|b")).toBe("<code>a\\|b</code>");
    expect(codeSpan("<!--")).toBe("<code>&lt;!--</code>");
  });

  it("never lets the text end the span, split a table cell or open HTML", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const out = codeSpan(input);
        const inner = out.startsWith("<code>") ? out.slice(6, -7) : out.slice(1, -1);
        if (out.startsWith("`")) {
          expect(inner).not.toMatch(/[`|<>\n]/);
        } else if (out.startsWith("<code>")) {
          expect(inner).not.toContain("<");
          expect(everyPipeEscaped(inner)).toBe(true);
        } else {
          expect(out).toBe("*(empty)*");
        }
        expect(out).not.toContain("<!--");
      }),
      { numRuns: 2_000 },
    );
  });
});
