/** A column of a GFM table: its header (trusted text) and alignment. */
export interface TableColumn {
  readonly header: string;
  readonly align: "left" | "right";
}

const DELIMITER: Record<TableColumn["align"], string> = { left: ":--", right: "--:" };

/** The header and delimiter rows of a GFM table (GFM spec §4.10). */
export function tableHead(columns: readonly TableColumn[]): string {
  return `| ${columns.map((c) => c.header).join(" | ")} |\n|${columns.map((c) => DELIMITER[c.align]).join("|")}|`;
}

/** One body row; every cell must already be escaped (see `escapeTableCell`). */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** A whole table from pre-rendered rows. */
export function renderTable(columns: readonly TableColumn[], rows: readonly string[]): string {
  return [tableHead(columns), ...rows].join("\n");
}
