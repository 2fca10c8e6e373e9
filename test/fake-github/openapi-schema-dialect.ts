// GitHub publishes its REST description as OpenAPI 3.0.3, whose Schema Object is a dialect of
// JSON Schema draft 4/5 that Ajv does not read as is. This file rewrites one schema into plain
// JSON Schema draft-07 (Ajv's default) with the same meaning, following OpenAPI 3.0.3 §4.7.24:
//
// - `nullable: true` "allows sending a null value for the defined schema": it is rewritten to
//   `anyOf: [{type: "null"}, <schema>]`. A plain `type: [t, "null"]` would be wrong where an
//   `enum` lists no null, which GitHub's description does (e.g. issue `state_reason`) while the
//   API answers `null`.
// - `discriminator` with a `mapping`: the object must be valid against the schema its property
//   value names. `oneOf` under a discriminator is relaxed to `anyOf` because the discriminator,
//   not exclusivity, picks the branch.
// - boolean `exclusiveMinimum`/`exclusiveMaximum` (draft 4 form) become the numeric draft-07 form.
// - `$ref: "#/components/schemas/NAME"` becomes an absolute id so each component can be
//   registered with Ajv on its own; siblings of `$ref` are ignored, as OpenAPI 3.0 says.
// - annotations Ajv does not know (`example`, `x-*`, `xml`, `externalDocs`, `deprecated`) go.

const SCHEMA_REF_PREFIX = "#/components/schemas/";

/** The Ajv `$id` under which the component schema `name` is registered. */
export function componentSchemaId(name: string): string {
  return `https://fake-github.invalid/schemas/${encodeURIComponent(name)}`;
}

const DROPPED = new Set(["nullable", "discriminator", "example", "xml", "externalDocs", "deprecated"]);

/** Rewrites an OpenAPI 3.0 Schema Object into an equivalent JSON Schema draft-07 schema. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const source = schema as Record<string, unknown>;

  if (typeof source.$ref === "string") {
    if (!source.$ref.startsWith(SCHEMA_REF_PREFIX)) {
      throw new Error(`schema $ref outside components/schemas: ${source.$ref}`);
    }
    return { $ref: componentSchemaId(source.$ref.slice(SCHEMA_REF_PREFIX.length)) };
  }

  let out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (DROPPED.has(key) || key.startsWith("x-")) continue;
    if (key === "properties" && value !== null && typeof value === "object") {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)]));
    } else if (key === "exclusiveMinimum" || key === "exclusiveMaximum") {
      if (value === true) {
        const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
        out[key] = source[bound];
      } else if (typeof value === "number") out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  for (const key of ["exclusiveMinimum", "exclusiveMaximum"] as const) {
    const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
    if (source[key] === true) delete out[bound];
  }

  const discriminator = source.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
  if (discriminator?.propertyName !== undefined && discriminator.mapping !== undefined) {
    out = withDiscriminator(out, discriminator.propertyName, discriminator.mapping);
  }
  if (source.nullable === true) {
    return { anyOf: [{ type: "null" }, out] };
  }
  return out;
}

function withDiscriminator(
  schema: Record<string, unknown>,
  propertyName: string,
  mapping: Record<string, string>,
): Record<string, unknown> {
  const { oneOf, ...rest } = schema;
  const branches = Object.entries(mapping).map(([value, ref]) => ({
    if: { properties: { [propertyName]: { const: value } }, required: [propertyName] },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword here.
    then: toJsonSchema({ $ref: ref }),
  }));
  return {
    ...rest,
    ...(oneOf === undefined ? {} : { anyOf: oneOf }),
    if: { type: "object", required: [propertyName] },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword here.
    then: { properties: { [propertyName]: { enum: Object.keys(mapping) } }, allOf: branches },
  };
}
