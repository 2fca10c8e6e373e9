/** An annotation as the runner would read it from a step's stdout (`::error file=…::message`). */
export interface PrintedAnnotation {
  readonly level: "error" | "warning" | "notice";
  readonly message: string;
  readonly properties: Readonly<Record<string, string>>;
}

// The runner's escaping for workflow command data and property values.
function unescapeData(value: string): string {
  return value.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function unescapeProperty(value: string): string {
  return unescapeData(value).replace(/%3A/g, ":").replace(/%2C/g, ",");
}

/** The annotations among a step's stdout lines, in order. */
export function parseAnnotations(stdout: string): PrintedAnnotation[] {
  const annotations: PrintedAnnotation[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const part of (match[2] ?? "").split(",").filter(Boolean)) {
      const eq = part.indexOf("=");
      if (eq > 0) properties[part.slice(0, eq)] = unescapeProperty(part.slice(eq + 1));
    }
    annotations.push({
      level: match[1] as PrintedAnnotation["level"],
      message: unescapeData(match[3] ?? ""),
      properties,
    });
  }
  return annotations;
}

/** Parses the `GITHUB_OUTPUT` file format (`name<<DELIMITER` … `DELIMITER`, or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++] ?? "");
      if (i >= lines.length) throw new Error(`output ${name} has no closing delimiter`);
      outputs[name as string] = value.join("\n");
    } else {
      const eq = line.indexOf("=");
      if (eq < 0) throw new Error(`malformed output line: ${line}`);
      outputs[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return outputs;
}
