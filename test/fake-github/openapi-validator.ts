import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { loadOpenApiDocument, type OperationDescription } from "./openapi-document.js";
import { OPENAPI_FORMATS } from "./openapi-formats.js";
import { componentSchemaId, toJsonSchema } from "./openapi-schema-dialect.js";

// Validates requests and responses against the operation GitHub documents. Validators are
// compiled on first use per operation and shared by every server in the process, so starting
// a server compiles nothing.

export interface RequestParts {
  pathParams: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
}

export interface ValidatedRequest {
  /** Path and query parameters coerced to their documented types (`"3"` → 3). */
  params: Record<string, unknown>;
  /** GitHub-style lines describing what is wrong; empty when the request is valid. */
  problems: string[];
}

interface Validators {
  /** Bodies: no type coercion, every error reported. */
  body: Ajv;
  /** Path and query strings: coerced to the documented type, as GitHub reads them. */
  params: Ajv;
  compiled: Map<string, ValidateFunction>;
}

let validators: Validators | undefined;

function getValidators(): Validators {
  if (validators === undefined) {
    const schemas = loadOpenApiDocument().components.schemas ?? {};
    const make = (coerceTypes: boolean): Ajv => {
      const ajv = new Ajv({
        allErrors: true,
        // Keeps the offending value in each error, for GitHub's "For 'x', 123 is not ..." lines.
        verbose: true,
        coerceTypes,
        // GitHub's schemas carry annotations (title, description, default) and combine
        // keywords in ways Ajv's strict mode flags as suspicious but that are valid JSON Schema.
        strict: false,
        validateSchema: false,
        formats: OPENAPI_FORMATS,
      });
      for (const [name, schema] of Object.entries(schemas)) {
        ajv.addSchema(toJsonSchema(schema) as object, componentSchemaId(name));
      }
      return ajv;
    };
    validators = { body: make(false), params: make(true), compiled: new Map() };
  }
  return validators;
}

function compiled(key: string, ajv: Ajv, build: () => unknown): ValidateFunction {
  const { compiled: cache } = getValidators();
  let validate = cache.get(key);
  if (validate === undefined) {
    validate = ajv.compile(build() as object);
    cache.set(key, validate);
  }
  return validate;
}

export function validateRequest(operation: OperationDescription, request: RequestParts): ValidatedRequest {
  const { body: bodyAjv, params: paramsAjv } = getValidators();
  const problems: string[] = [];

  const params: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === "path") params[parameter.name] = request.pathParams[parameter.name];
    else if (parameter.in === "query") {
      const values = request.query.getAll(parameter.name);
      if (values.length > 0) params[parameter.name] = values.length === 1 ? values[0] : values;
    }
  }
  const validateParams = compiled(`${operation.operationId} params`, paramsAjv, () => {
    const relevant = operation.parameters.filter((p) => p.in === "path" || p.in === "query");
    return {
      type: "object",
      properties: Object.fromEntries(relevant.map((p) => [p.name, toJsonSchema(p.schema)])),
      required: relevant.filter((p) => p.required).map((p) => p.name),
    };
  });
  if (!validateParams(params)) problems.push(...describeErrors(validateParams.errors, "parameter"));

  const described = operation.requestBody;
  if (described === undefined) {
    if (request.body !== undefined) {
      problems.push(`${operation.operationId} takes no request body.`);
    }
  } else if (request.body === undefined) {
    if (described.required) problems.push("A request body is required.");
  } else {
    const validateBody = compiled(`${operation.operationId} body`, bodyAjv, () => toJsonSchema(described.schema));
    if (!validateBody(request.body)) {
      problems.push(...describeErrors(validateBody.errors, "body"));
    }
  }
  return { params, problems };
}

/** Returns what is wrong with a response the fake is about to send; empty when it conforms. */
export function validateResponse(operation: OperationDescription, status: number, body: unknown): string[] {
  const described = operation.responses.get(String(status)) ?? operation.responses.get("default");
  if (described === undefined) {
    const documented = [...operation.responses.keys()].join(", ");
    return [`status ${status} is not documented for ${operation.operationId} (documented: ${documented})`];
  }
  if (described.schema === undefined) {
    return body === undefined ? [] : [`status ${status} of ${operation.operationId} has no body`];
  }
  if (body === undefined) return [`status ${status} of ${operation.operationId} needs a body`];
  const schema = described.schema;
  const validate = compiled(`${operation.operationId} response ${status}`, getValidators().body, () =>
    toJsonSchema(schema),
  );
  return validate(body) ? [] : describeErrors(validate.errors, "response");
}

// GitHub words a missing field as `"head" wasn't supplied.` and a wrong value as
// `For 'properties/title', 123 is not a string.`; other failures name the JSON pointer.
function describeErrors(errors: ErrorObject[] | null | undefined, where: "parameter" | "body" | "response"): string[] {
  const lines = new Set<string>();
  for (const error of errors ?? []) {
    if (error.keyword === "required") {
      const missing = String((error.params as { missingProperty?: string }).missingProperty);
      const at = error.instancePath === "" ? "" : ` at ${error.instancePath}`;
      lines.add(`"${missing}" wasn't supplied${at}.`);
    } else if (error.keyword === "type" || error.keyword === "enum" || error.keyword === "format") {
      const pointer = error.instancePath.split("/").filter(Boolean);
      const location =
        where === "parameter"
          ? `parameter '${pointer.join("/")}'`
          : `'${pointer.map((p) => `properties/${p}`).join("/") || "body"}'`;
      lines.add(`For ${location}, ${JSON.stringify(error.data)} ${error.message}.`);
    } else if (error.keyword !== "if" && error.keyword !== "anyOf" && error.keyword !== "oneOf") {
      lines.add(`${error.instancePath || "/"} ${error.message}`);
    } else if (lines.size === 0) {
      lines.add(`${error.instancePath || "/"} ${error.message}`);
    }
  }
  return [...lines].slice(0, 20);
}
