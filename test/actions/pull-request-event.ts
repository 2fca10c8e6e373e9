/** A `pull_request` webhook payload with the fields the runner's actions read. */
export function pullRequestEvent(options: {
  owner: string;
  repo: string;
  number: number;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
}) {
  const fullName = `${options.owner}/${options.repo}`;
  const repository = { full_name: fullName, name: options.repo, owner: { login: options.owner } };
  return {
    action: "synchronize",
    number: options.number,
    pull_request: {
      number: options.number,
      base: { ref: options.baseRef, sha: options.baseSha, repo: repository },
      head: { ref: options.headRef, sha: options.headSha, repo: repository },
    },
    repository,
  };
}
