// bench/RESULTS.md holds one section per benchmark; a run replaces its own section and keeps the
// others, so suites can be rerun one at a time.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const HEADER = `# Benchmark results

Recorded by \`npm run bench\` (one suite: \`npm run bench -- <suite>\`). Machines here are shared and
noisy: read medians and ratios measured in the same run, not single timings.
`;

export function writeSection(path, id, markdown) {
  const text = existsSync(path) ? readFileSync(path, "utf8") : HEADER;
  const start = `<!-- bench:${id}:start -->`;
  const end = `<!-- bench:${id}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
