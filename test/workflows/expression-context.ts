// Resolves the `${{ … }}` expressions of a step's `env:` or `with:` the way the runner does, for the
// simple property lookups the templates use there (`github.token`, `inputs.model`,
// `steps.validate.outputs.report`, …). Anything more is refused, so a template that starts to
// compute in `env:` is noticed rather than resolved wrongly.

export type ExpressionContext = Record<string, unknown>;

const LOOKUP = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

function lookup(context: ExpressionContext, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

// Expressions coerce to strings as the runner does for env values: missing is "", booleans and
// numbers print as JSON.
function asString(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function resolveExpressions(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    if (!LOOKUP.test(expression)) throw new Error(`not a plain property lookup: \${{ ${expression} }}`);
    return asString(lookup(context, expression));
  });
}

export function resolveEnv(
  env: Record<string, string | number | boolean> | undefined,
  context: ExpressionContext,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env ?? {}).map(([name, value]) => [name, resolveExpressions(String(value), context)]),
  );
}
