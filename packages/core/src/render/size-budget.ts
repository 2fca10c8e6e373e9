/**
 * Fitting a Markdown document into a size budget by showing fewer items of its least important
 * sections first. Each section renders itself with its first `shown` items; the fitter lowers
 * `shown` section by section, in the given order, to the largest value that still fits (a binary
 * search: a section's length grows with the items it shows), until the whole document fits.
 */

export interface BudgetedSection {
  readonly id: string;
  /** What a truncation note calls the section, e.g. "all slice rows". */
  readonly label: string;
  /** Items the section can show; 0 for a section that is all or nothing. */
  readonly items: number;
  /** The section's Markdown showing its first `shown` items, or "" to leave it out. */
  render(shown: number): string;
}

/** A section that shows fewer items than it has. */
export interface Truncation {
  readonly id: string;
  readonly label: string;
  readonly shown: number;
  readonly total: number;
}

export interface FitOptions {
  /** Longest result, in UTF-16 code units (JavaScript's `length`, never less than the characters). */
  readonly budget: number;
  /** Section ids, the first to give up items first. Sections not listed are always shown whole. */
  readonly shrinkOrder: readonly string[];
  /** The note saying what was left out; shown after `noteAfter` whenever something was. */
  readonly note: (truncations: readonly Truncation[]) => string;
  readonly noteAfter: string;
}

export interface FittedDocument {
  readonly markdown: string;
  readonly truncations: readonly Truncation[];
}

const SEPARATOR = "\n\n";

/** Sections joined by blank lines, with nothing shrunk while the whole fits. */
export function fitToBudget(sections: readonly BudgetedSection[], options: FitOptions): FittedDocument {
  const shown = new Map(sections.map((s) => [s.id, s.items]));
  const rendered = new Map(sections.map((s) => [s.id, s.render(s.items)]));

  const truncations = (): Truncation[] =>
    sections
      .filter((s) => (shown.get(s.id) ?? 0) < s.items)
      .map((s) => ({ id: s.id, label: s.label, shown: shown.get(s.id) ?? 0, total: s.items }));

  const assemble = (): string => {
    const cut = truncations();
    const parts: string[] = [];
    for (const section of sections) {
      const text = rendered.get(section.id) ?? "";
      if (text !== "") parts.push(text);
      if (section.id === options.noteAfter && cut.length > 0) parts.push(options.note(cut));
    }
    return `${parts.join(SEPARATOR)}\n`;
  };

  const lengthWith = (section: BudgetedSection, k: number): number => {
    const before = shown.get(section.id) ?? 0;
    const beforeText = rendered.get(section.id) ?? "";
    shown.set(section.id, k);
    rendered.set(section.id, section.render(k));
    const length = assemble().length;
    shown.set(section.id, before);
    rendered.set(section.id, beforeText);
    return length;
  };

  for (const id of options.shrinkOrder) {
    if (assemble().length <= options.budget) break;
    const section = sections.find((s) => s.id === id);
    if (section === undefined) continue;
    let lo = 0;
    let hi = shown.get(id) ?? 0;
    if (lengthWith(section, 0) > options.budget) {
      hi = 0;
    } else {
      // Invariant: showing `lo` items fits; showing more than `hi` does not need testing.
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (lengthWith(section, mid) <= options.budget) lo = mid;
        else hi = mid - 1;
      }
    }
    shown.set(id, hi);
    rendered.set(id, section.render(hi));
  }

  const markdown = assemble();
  if (markdown.length > options.budget) {
    throw new RangeError(
      `the essential parts of the report need ${markdown.length} characters, over ${options.budget}`,
    );
  }
  return { markdown, truncations: truncations() };
}
