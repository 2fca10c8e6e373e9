import { type DataContract, ruleColumns } from "@slipway/core";

/**
 * Splits a contract's columns into at most `count` groups that can be checked on separate
 * threads: the columns of one table rule (`compare`, `unique_together`) stay together, since the
 * rule reads them row by row, and groups are balanced by a measured cost per column. Groups come
 * out in contract order of their first column; an empty group is never returned.
 */
export function planColumnGroups(contract: DataContract, count: number): readonly (readonly string[])[] {
  const names = contract.columns.map((column) => column.name);
  const bundles = bundleTableRuleColumns(contract, names);
  const costOf = new Map(contract.columns.map((column) => [column.name, columnCost(column)]));
  const weighted = bundles
    .map((columns) => ({ columns, cost: columns.reduce((sum, name) => sum + (costOf.get(name) ?? 1), 0) }))
    // Longest first, ties in contract order: the classic greedy bound for balancing.
    .sort((a, b) => b.cost - a.cost || names.indexOf(a.columns[0] as string) - names.indexOf(b.columns[0] as string));
  const groups: { columns: string[]; cost: number }[] = [];
  for (const bundle of weighted) {
    if (groups.length < Math.max(1, count)) {
      groups.push({ columns: [...bundle.columns], cost: bundle.cost });
      continue;
    }
    const lightest = groups.reduce((best, group) => (group.cost < best.cost ? group : best));
    lightest.columns.push(...bundle.columns);
    lightest.cost += bundle.cost;
  }
  const order = new Map(names.map((name, index) => [name, index]));
  const rank = (name: string) => order.get(name) ?? 0;
  return groups
    .map((group) => group.columns.sort((a, b) => rank(a) - rank(b)))
    .sort((a, b) => rank(a[0] as string) - rank(b[0] as string));
}

/** Columns joined by table rules, as connected sets (union–find), each in contract order. */
function bundleTableRuleColumns(contract: DataContract, names: readonly string[]): string[][] {
  const parent = new Map(names.map((name) => [name, name]));
  const find = (name: string): string => {
    let root = name;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(name, root);
    return root;
  };
  for (const rule of contract.rules) {
    const [first, ...rest] = ruleColumns(rule).filter((name) => parent.has(name));
    if (first === undefined) continue;
    for (const name of rest) parent.set(find(name), find(first));
  }
  const bundles = new Map<string, string[]>();
  for (const name of names) {
    const root = find(name);
    const bundle = bundles.get(root);
    if (bundle) bundle.push(name);
    else bundles.set(root, [name]);
  }
  return [...bundles.values()];
}

/**
 * A column's share of the work, in units of the cheapest column (a text column read and counted:
 * about 0.25 s per 250 MB of the benchmark file). Measured per rule on that file: parsing a
 * number costs 0.6 more, a date or date-time 3, remembering values for `unique` 2, a regex 0.5.
 */
function columnCost(column: DataContract["columns"][number]): number {
  const type = column.type.value;
  let cost = 1;
  if (type === "integer" || type === "number") cost += 0.6;
  if (type === "date" || type === "datetime") cost += 3;
  if (column.unique?.value) cost += 2;
  if (column.regex) cost += 0.5;
  return cost;
}
