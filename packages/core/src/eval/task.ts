/** The kinds of model Slipway knows how to evaluate (SPEC §5). */
export const TASKS = [
  "binary-classification",
  "multiclass-classification",
  "regression",
  "ranking",
  "generation",
] as const;

export type Task = (typeof TASKS)[number];

export function isTask(value: unknown): value is Task {
  return typeof value === "string" && (TASKS as readonly string[]).includes(value);
}
