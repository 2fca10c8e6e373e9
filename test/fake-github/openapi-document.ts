import { readFileSync } from "node:fs";

// The committed subset of GitHub's OpenAPI description (see scripts/trim-github-openapi.mjs),
// read once per process and indexed by method and path template.

export interface ParameterDescription {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: unknown;
}

export interface ResponseDescription {
  /** Schema of the `application/json` body, when the status documents one. */
  schema?: unknown;
}

export interface OperationDescription {
  operationId: string;
  method: string;
  pathTemplate: string;
  /** GitHub's documentation page for the operation, used in error bodies as GitHub does. */
  documentationUrl: string;
  parameters: ParameterDescription[];
  requestBody?: { required: boolean; schema: unknown };
  responses: ReadonlyMap<string, ResponseDescription>;
}

export interface OperationMatch {
  operation: OperationDescription;
  pathParams: Record<string, string>;
}

interface IndexedOperation {
  operation: OperationDescription;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

export interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas?: Record<string, unknown>;
    parameters?: Record<string, unknown>;
    responses?: Record<string, unknown>;
  };
}

// Path parameters whose values GitHub documents as containing slashes: a file path and a
// git ref such as `heads/feature/x`. Every other parameter is one path segment.
const MULTI_SEGMENT_PARAMETERS = new Set(["path", "ref"]);

let cached: { document: OpenApiDocument; index: IndexedOperation[] } | undefined;

export function loadOpenApiDocument(): OpenApiDocument {
  return load().document;
}

export function operationById(operationId: string): OperationDescription | undefined {
  return load().index.find((entry) => entry.operation.operationId === operationId)?.operation;
}

/** Finds the documented operation for a request, or undefined when GitHub has none. */
export function matchOperation(method: string, pathname: string): OperationMatch | undefined {
  const lower = method.toLowerCase();
  for (const entry of load().index) {
    if (entry.operation.method !== lower) continue;
    const found = entry.pattern.exec(pathname);
    if (found === null) continue;
    const pathParams: Record<string, string> = {};
    entry.names.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(found[i + 1] ?? "");
    });
    return { operation: entry.operation, pathParams };
  }
  return undefined;
}

function load(): { document: OpenApiDocument; index: IndexedOperation[] } {
  if (cached === undefined) {
    const text = readFileSync(new URL("./openapi-subset.json", import.meta.url), "utf8");
    const document = JSON.parse(text) as OpenApiDocument;
    cached = { document, index: indexOperations(document) };
  }
  return cached;
}

function indexOperations(document: OpenApiDocument): IndexedOperation[] {
  const index: IndexedOperation[] = [];
  for (const [pathTemplate, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      const raw = value as Record<string, unknown>;
      if (typeof raw.operationId !== "string") continue;
      const operation = describeOperation(document, pathTemplate, method, raw);
      const names: string[] = [];
      let literalSegments = 0;
      const source = pathTemplate
        .split("/")
        .map((segment) => {
          const param = /^\{(.+)\}$/.exec(segment);
          if (param === null) {
            literalSegments += 1;
            return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          }
          const name = param[1] ?? "";
          names.push(name);
          return MULTI_SEGMENT_PARAMETERS.has(name) ? "(.+)" : "([^/]+)";
        })
        .join("/");
      index.push({ operation, pattern: new RegExp(`^${source}$`), names, literalSegments });
    }
  }
  // More literal segments first, so `/issues/comments/{comment_id}` wins over
  // `/issues/{issue_number}` for `/issues/comments/7`.
  return index.sort((a, b) => b.literalSegments - a.literalSegments);
}

function describeOperation(
  document: OpenApiDocument,
  pathTemplate: string,
  method: string,
  raw: Record<string, unknown>,
): OperationDescription {
  const parameters = ((raw.parameters as unknown[] | undefined) ?? []).map((p) => {
    const resolved = resolveRef(document, p) as Record<string, unknown>;
    return {
      name: String(resolved.name),
      in: resolved.in as ParameterDescription["in"],
      required: resolved.required === true,
      schema: resolved.schema ?? {},
    };
  });
  const body = raw.requestBody === undefined ? undefined : resolveRef(document, raw.requestBody);
  const requestBody =
    body === undefined
      ? undefined
      : {
          required: (body as { required?: boolean }).required === true,
          schema: jsonContentSchema(body) ?? {},
        };
  const responses = new Map<string, ResponseDescription>();
  for (const [status, response] of Object.entries((raw.responses as Record<string, unknown>) ?? {})) {
    const resolved = resolveRef(document, response);
    const schema = jsonContentSchema(resolved);
    responses.set(status, schema === undefined ? {} : { schema });
  }
  const docs = raw.externalDocs as { url?: string } | undefined;
  return {
    operationId: String(raw.operationId),
    method,
    pathTemplate,
    documentationUrl: docs?.url ?? "https://docs.github.com/rest",
    parameters,
    ...(requestBody === undefined ? {} : { requestBody }),
    responses,
  };
}

function jsonContentSchema(holder: unknown): unknown {
  const content = (holder as { content?: Record<string, { schema?: unknown }> }).content;
  return content?.["application/json"]?.schema;
}

function resolveRef(document: OpenApiDocument, value: unknown): unknown {
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref !== "string") return value;
  const match = /^#\/components\/(parameters|responses|schemas)\/(.+)$/.exec(ref);
  const section = match?.[1] as keyof OpenApiDocument["components"] | undefined;
  const target = section === undefined ? undefined : document.components[section]?.[match?.[2] ?? ""];
  if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return resolveRef(document, target);
}
