import { type BaseIssue, getDotPath } from 'valibot';

/**
 * Describes valibot issues by path and expectation only: a received value (which may be a
 * token or a password) is never part of the text.
 */
export function describeIssues(issues: readonly BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = getDotPath(issue) || '(root)';
      // A schema's own message ("must use https:", "apiVersion must be \"v1\" or \"v2\"") is kept,
      // prefixed by the path unless it starts with it; valibot's default messages quote the
      // received value, so they are replaced by the expectation.
      if (!/received/i.test(issue.message)) {
        return issue.message.startsWith(path) ? issue.message : `${path}: ${issue.message}`;
      }
      return issue.expected ? `${path}: expected ${issue.expected}` : `${path}: ${issue.kind} ${issue.type}`;
    })
    .join('; ');
}
