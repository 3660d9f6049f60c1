// The free names the documentation's code snippets use, declared once for all of them. Keep it
// small and honest: a snippet that needs anything else is rewritten to be complete.
import type { TokenProvider } from '@authwire/core';
import type { MastersIndiaConfig } from '@authwire/masters-india';

declare global {
  /** A provider built earlier (`mastersIndia(…)`, `unionService(…)`, `createProvider(…)`). */
  const provider: TokenProvider;
  /** A Masters India config (plain data, e.g. parsed from a JSON file). */
  const config: MastersIndiaConfig;
  /** The credentials of the account. */
  const username: string;
  const password: string;
  /** A request body for an API call. */
  const body: BodyInit;
}
