import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from "yaml";
import { InputError, type SourceLocation } from "../errors/input-error.js";

/**
 * A YAML document that remembers where every key and value came from, so that a problem found
 * later (by a schema, a contract check, a policy) can point at the exact line and column.
 */
export interface PositionedYaml {
  readonly file: string;
  readonly value: unknown;
  /** Location of the key (for a mapping entry) or of the item (for a sequence entry) at `path`. */
  locate(path: readonly (string | number)[]): SourceLocation;
  /** Location of the key named `key` inside the mapping at `path`. */
  locateKey(path: readonly (string | number)[], key: string): SourceLocation;
}

/** Parses YAML text; a syntax error becomes an InputError at the line and column YAML reports. */
export function parsePositionedYaml(text: string, file: string): PositionedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    const message = first.message.split("\n")[0] ?? "invalid YAML";
    throw new InputError(`invalid YAML: ${message}`, { file, line, column: col });
  }
  const at = (offset: number | undefined): SourceLocation => {
    if (offset === undefined) return { file };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const walk = (path: readonly (string | number)[]): { node: unknown; pair?: Pair } => {
    let node: unknown = doc.contents;
    let pair: Pair | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return { node, ...(pair ? { pair } : {}) };
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        pair = undefined;
        const next = node.items[segment];
        if (next === undefined) return { node };
        node = next;
      } else {
        return { node, ...(pair ? { pair } : {}) };
      }
    }
    return { node, ...(pair ? { pair } : {}) };
  };

  const startOf = (node: unknown): number | undefined => (node as Node | null)?.range?.[0];

  return {
    file,
    value: doc.toJS({ maxAliasCount: 100 }) as unknown,
    locate(path) {
      const { node, pair } = walk(path);
      return at(pair ? startOf(pair.key) : startOf(node));
    },
    locateKey(path, key) {
      const { node } = walk(path);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        if (pair) return at(startOf(pair.key));
        return at(startOf(node));
      }
      return at(startOf(node));
    },
  };
}
