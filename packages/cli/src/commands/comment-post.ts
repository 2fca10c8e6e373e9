import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError } from "@slipway/core";
import { createOctokit, postCommentPayload, resolvePullRequestContext } from "@slipway/github";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-code.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    throw new InputError(`cannot read the ${what}`, { file: path });
  }
}

/**
 * The privileged half of the fork-safe comment: run in a `workflow_run` job with a token that may
 * write, it posts the payload the untrusted pull-request run left as an artifact. The run's own
 * event (GITHUB_EVENT_PATH) says which repository and head commit the payload may target.
 */
export const commentPostCommand: Command = {
  path: ["comment", "post"],
  summary: "post a fork-safe comment payload from a privileged workflow_run job",
  usage: "comment post --payload FILE [--repository OWNER/NAME] [--head-sha SHA] [--json]",
  async run(args, io) {
    const { values } = parseOptions(args, {
      payload: { type: "string" },
      repository: { type: "string" },
      "head-sha": { type: "string" },
      json: { type: "boolean" },
    });
    if (!values.payload) throw new UsageError("--payload FILE is required");
    const token = io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN;
    if (!token)
      throw new InputError("no token: set GITHUB_TOKEN (the workflow_run job's token with pull-requests: write)");

    let headSha = values["head-sha"];
    let headBranch: string | undefined;
    let repository = values.repository ?? io.env.GITHUB_REPOSITORY;
    if (io.env.GITHUB_EVENT_PATH && io.env.GITHUB_EVENT_NAME === "workflow_run") {
      const event = JSON.parse(await readText(io.env.GITHUB_EVENT_PATH, "event payload")) as unknown;
      const context = resolvePullRequestContext(event, "workflow_run");
      headSha ??= context.headSha;
      headBranch = context.headRef;
      repository ??= `${context.owner}/${context.repo}`;
    }
    if (!repository) throw new UsageError("--repository OWNER/NAME is required outside a workflow run");

    const payloadPath = resolve(io.cwd, values.payload);
    const octokit = createOctokit({
      token,
      ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}),
      userAgent: "slipway-cli",
      logger: { debug: () => {}, info: (m) => io.stderr(`${m}\n`), warning: (m) => io.stderr(`warning: ${m}\n`) },
    });
    const posted = await postCommentPayload({
      octokit,
      payloadText: await readText(payloadPath, "comment payload"),
      source: values.payload,
      expectedRepository: repository,
      ...(headSha ? { expectedHeadSha: headSha } : {}),
      ...(headBranch ? { expectedHeadBranch: headBranch } : {}),
    });
    if (values.json) {
      io.stdout(`${JSON.stringify({ schema: "slipway/comment-post@1", ...posted })}\n`);
    } else {
      io.stdout(`${posted.operation} comment ${posted.url} on ${repository}#${posted.issueNumber}\n`);
    }
    return ExitCode.ok;
  },
};
