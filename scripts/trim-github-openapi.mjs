#!/usr/bin/env node
// Cuts GitHub's published OpenAPI description (npm `@octokit/openapi`,
// `generated/api.github.com.json`, about 13 MB) down to the operations the fake GitHub
// server implements, plus every component they reach through `$ref`. The result is
// committed as test/fake-github/openapi-subset.json so the test suite validates against
// GitHub's own schemas without depending on the 385 MB package.
//
// Usage:
//   npm install --no-save --prefix /tmp/octokit-openapi @octokit/openapi
//   node scripts/trim-github-openapi.mjs \
//     /tmp/octokit-openapi/node_modules/@octokit/openapi/generated/api.github.com.json
//
// What is dropped, and why it does not change validation:
// - media-type `examples` and schema `example` values: sample payloads, never constraints;
// - every operation not listed in test/fake-github/implemented-operations.json.
// Everything kept is copied verbatim.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const defaultOut = join(root, "test/fake-github/openapi-subset.json");
const operationsFile = join(root, "test/fake-github/implemented-operations.json");

function main(argv) {
  const [input, ...rest] = argv;
  if (input === undefined || input === "--help") {
    process.stderr.write("usage: node scripts/trim-github-openapi.mjs <api.github.com.json> [--out <file>]\n");
    process.exit(input === undefined ? 2 : 0);
  }
  const outIndex = rest.indexOf("--out");
  const out = outIndex >= 0 ? resolve(rest[outIndex + 1] ?? "") : defaultOut;

  const document = JSON.parse(readFileSync(input, "utf8"));
  const wanted = new Set(JSON.parse(readFileSync(operationsFile, "utf8")).operations);
  const subset = trimDocument(document, wanted);
  const text = `${JSON.stringify(subset, null, 1)}\n`;
  writeFileSync(out, text);
  const kept = Object.values(subset.paths).flatMap((item) => HTTP_METHODS.filter((m) => item[m] !== undefined)).length;
  process.stdout.write(
    `wrote ${out}: ${kept} operations, ${countComponents(subset.components)} components, ${(text.length / 1024).toFixed(
      0,
    )} KiB (OpenAPI ${subset.openapi}, ${subset.info.version})\n`,
  );
}

/** Returns a new document holding only the operations in `wanted` and what they reference. */
export function trimDocument(document, wanted) {
  const paths = {};
  const found = new Set();
  for (const [path, item] of Object.entries(document.paths)) {
    const keptItem = {};
    for (const [key, value] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(key)) keptItem[key] = value;
      else if (wanted.has(value.operationId)) {
        keptItem[key] = value;
        found.add(value.operationId);
      }
    }
    if (HTTP_METHODS.some((m) => keptItem[m] !== undefined)) paths[path] = stripExamples(keptItem);
  }
  const missing = [...wanted].filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new Error(`operations not in the description: ${missing.join(", ")}`);
  }

  const components = {};
  const pending = collectRefs(paths);
  const seen = new Set();
  while (pending.length > 0) {
    const ref = pending.pop();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
    if (match === null) throw new Error(`unsupported $ref ${ref}`);
    const [, section, name] = match;
    const target = document.components?.[section]?.[name];
    if (target === undefined) throw new Error(`dangling $ref ${ref}`);
    const stripped = stripExamples(target);
    components[section] ??= {};
    components[section][name] = stripped;
    pending.push(...collectRefs(stripped));
  }
  for (const section of Object.keys(components)) {
    components[section] = Object.fromEntries(
      Object.entries(components[section]).sort(([a], [b]) => a.localeCompare(b)),
    );
  }

  return {
    openapi: document.openapi,
    info: document.info,
    servers: document.servers,
    externalDocs: document.externalDocs,
    paths,
    components,
  };
}

// Examples are dropped where they are data, not where a property happens to be named
// `example` or `examples` (a schema's `properties` map is left untouched).
function stripExamples(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((item) => stripExamples(item));
  if (node === null || typeof node !== "object") return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (!inProperties && (key === "example" || key === "examples")) continue;
    copy[key] = stripExamples(value, !inProperties && key === "properties");
  }
  return copy;
}

function collectRefs(node, into = []) {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") into.push(value);
      else collectRefs(value, into);
    }
  }
  return into;
}

function countComponents(components) {
  return Object.values(components).reduce((n, section) => n + Object.keys(section).length, 0);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
