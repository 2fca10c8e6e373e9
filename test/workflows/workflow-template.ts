// Slipway's workflow templates as data: the files, their parsed YAML, and the pieces the tests
// check (jobs, steps, `uses:` references, `run:` bodies).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../harness/index.js";

export const templatesDir = join(repoRoot, "workflows-templates");
export const startersDir = join(templatesDir, "starters");

export type Mapping = Record<string, unknown>;

export interface Step extends Mapping {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string | number | boolean>;
}

export interface Job extends Mapping {
  permissions?: Record<string, string> | string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  steps?: Step[];
  if?: string;
}

export interface WorkflowTemplate {
  /** Path from the repository root, for messages. */
  path: string;
  text: string;
  /** The file as parsed by `yaml`: `on` stays a string key, as GitHub reads it. */
  doc: Mapping & { name?: string; on?: unknown; permissions?: unknown; jobs: Record<string, Job> };
  /** A starter template (copied into a user's repository), as opposed to a reusable workflow. */
  starter: boolean;
}

function load(file: string, starter: boolean): WorkflowTemplate {
  const text = readFileSync(file, "utf8");
  return { path: relative(repoRoot, file), text, doc: parse(text), starter };
}

/** Every reusable workflow and every starter template, reusable ones first. */
export function loadTemplates(): WorkflowTemplate[] {
  const yml = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".yml"))
      .sort();
  return [
    ...yml(templatesDir).map((f) => load(join(templatesDir, f), false)),
    ...yml(startersDir).map((f) => load(join(startersDir, f), true)),
  ];
}

export function loadTemplate(name: string): WorkflowTemplate {
  const starter = name.startsWith("starters/");
  return load(join(templatesDir, name), starter);
}

/**
 * A starter's text as a repository gets it: GitHub replaces the starter-workflow variables when
 * the user picks the template (`$default-branch` with the default branch, `$cron-daily` with a
 * daily schedule at a random time).
 */
export function instantiateStarter(text: string, defaultBranch = "main"): string {
  return text.replaceAll("$default-branch", defaultBranch).replaceAll("$cron-daily", "'43 5 * * *'");
}

export function stepsOf(template: WorkflowTemplate): Array<{ job: string; step: Step }> {
  return Object.entries(template.doc.jobs).flatMap(([job, body]) => (body.steps ?? []).map((step) => ({ job, step })));
}

/** Every `uses:` in the file, of steps and of jobs calling reusable workflows. */
export function usesOf(template: WorkflowTemplate): string[] {
  const jobUses = Object.values(template.doc.jobs).flatMap((job) => (job.uses === undefined ? [] : [job.uses]));
  const stepUses = stepsOf(template).flatMap(({ step }) => (step.uses === undefined ? [] : [step.uses]));
  return [...jobUses, ...stepUses];
}

export function findStep(template: WorkflowTemplate, job: string, predicate: (step: Step) => boolean): Step {
  const step = template.doc.jobs[job]?.steps?.find(predicate);
  if (step === undefined) throw new Error(`${template.path}: no such step in job ${job}`);
  return step;
}

/** The declared inputs of a reusable workflow with their defaults. */
export function callInputDefaults(template: WorkflowTemplate): Record<string, string | number | boolean> {
  const on = template.doc.on as Mapping;
  const call = on.workflow_call as { inputs?: Record<string, { default?: string | number | boolean }> };
  return Object.fromEntries(Object.entries(call.inputs ?? {}).map(([name, spec]) => [name, spec.default ?? ""]));
}
