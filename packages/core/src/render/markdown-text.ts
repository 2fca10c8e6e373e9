/**
 * Escaping of untrusted text (metric, slice and model names, example ids, labels, reasons that quote
 * them) for GitHub-flavoured Markdown, so that a string from a file renders as the same plain text and
 * can do nothing else: no HTML (and so no `<!--` that could forge or close the sticky-comment marker),
 * no links or images, no autolinks, no @-mentions or issue references that notify people or cross-link,
 * no emphasis, code or math, no new block (heading, list, quote) and no broken table row.
 *
 * References: CommonMark 0.31 §2.4 (any ASCII punctuation may be backslash-escaped), GFM spec §4.10
 * (a `\|` inside a table cell is an escaped pipe, also inside code spans) and §6.9 (extended
 * autolinks: `www.`, `http://`, `https://`, e-mail addresses). GitHub's mention and reference
 * filters run on the rendered text, after backslash escapes are gone, so those are broken with a
 * zero-width space instead.
 */

/** Inserted where a sequence must not be recognised; invisible and not a word character. */
const ZERO_WIDTH_SPACE = "\u200B";

/** Default longest text, in code points, before it is cut with an ellipsis. */
export const DEFAULT_TEXT_LENGTH = 200;

/**
 * C0 and C1 controls, DEL, the bidirectional embeddings, overrides and isolates (the "Trojan Source"
 * characters, CVE-2021-42574) and the byte-order mark: invisible characters that can reorder or hide
 * text. Tabs and line breaks are handled before this (they become spaces).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Line and paragraph breaks of every kind (and tabs) become one space each. */
const BREAKS = /\r\n|[\t\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * ASCII punctuation with an inline meaning in GFM, or on GitHub (`$` opens math, `|` splits a table
 * cell, `#` may open a heading). Parentheses and `!` need no escape: a link, an image or a footnote
 * needs an unescaped `[`, and angle brackets (autolinks, HTML) become entities. A `(` right after a
 * `]` is escaped all the same, so that no `](` appears even in the raw text.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_~[\]|#$]/g;

/**
 * Flattens `text` to one line of visible characters, cut to `maxLength` code points with a trailing
 * ellipsis: the common first step of every escaping function here. Cutting happens before escaping
 * so no entity or escape sequence is ever split.
 */
export function plainLine(text: string, maxLength: number = DEFAULT_TEXT_LENGTH): string {
  const line = text.replace(BREAKS, " ").replace(INVISIBLE, "").trim();
  const codePoints = Array.from(line);
  if (codePoints.length <= maxLength) return line;
  return `${codePoints
    .slice(0, Math.max(0, maxLength - 1))
    .join("")
    .trimEnd()}…`;
}

/**
 * Escapes untrusted text for use inside a Markdown paragraph, list item, quote or table cell, on one
 * line. The result shows the input's characters (after {@link plainLine}) and nothing else renders.
 */
export function escapeMarkdownText(text: string, maxLength: number = DEFAULT_TEXT_LENGTH): string {
  let out = plainLine(text, maxLength)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(MARKDOWN_PUNCTUATION, "\\$&")
    .replace(/\]\(/g, "]\\(");
  // Block markers only matter at the start of the text, where it follows "- " or "> " in a list or
  // quote: `- x`, `+ x`, `1. x`, `1) x` would open a nested list, `---` a thematic break.
  out = out.replace(/^([-+])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
  // GitHub's autolinker (GFM §6.9) and its mention and reference filters work on the rendered text.
  out = out
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`)
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=[\p{L}\p{N}])/gu, `#${ZERO_WIDTH_SPACE}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZERO_WIDTH_SPACE}-`);
  return out;
}

/**
 * Escapes untrusted text for a table cell. {@link escapeMarkdownText} already escapes every pipe
 * (GFM splits cells before inline parsing, so a pipe must be escaped even where it would otherwise
 * be literal); an empty value becomes an em dash so the cell does not look like missing data.
 */
export function escapeTableCell(text: string, maxLength: number = DEFAULT_TEXT_LENGTH): string {
  const escaped = escapeMarkdownText(text, maxLength);
  return escaped === "" ? "—" : escaped;
}

/**
 * Shows untrusted text in monospace. Inside a code span GitHub neither links, mentions, references
 * nor formats anything, but a backtick would end the span, a pipe would still split a table cell,
 * and a `<` would be kept as is (entities do not work there), so text with any of those is shown in
 * a `<code>` element with its content escaped as ordinary text instead.
 */
export function codeSpan(text: string, maxLength: number = DEFAULT_TEXT_LENGTH): string {
  const line = plainLine(text, maxLength);
  if (line === "") return "*(empty)*";
  if (/[`|<>&]/.test(line)) return `<code>${escapeMarkdownText(line, maxLength)}</code>`;
  return `\`${line}\``;
}
