/**
 * A mistake on the command line (unknown command or option, missing value): exit code 2. Its
 * message never holds an argument's value, which may be a secret typed in the wrong place.
 */
export class UsageError extends Error {
  override name = 'UsageError' as const;
}
