import { baseUrlSchema, headersSchema } from '@authwire/core';
import * as v from 'valibot';
import type { MastersIndiaConfig } from './config.js';

const nonEmptyString = (field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.nonEmpty(`${field} must not be empty`));

const pathOf = (issue: v.BaseIssue<unknown>) => issue.path?.map((item) => String(item.key)).join('.');

/** The config of {@link mastersIndia}, as valibot checks it; messages name fields, never values. */
export const MastersIndiaConfigSchema = v.strictObject(
  {
    username: nonEmptyString('username'),
    password: nonEmptyString('password'),
    baseUrl: v.optional(baseUrlSchema()),
    environment: v.optional(
      v.picklist(['platform', 'sandbox', 'production'], 'environment must be "platform", "sandbox" or "production"'),
    ),
    apiVersion: v.optional(v.picklist(['v1', 'v2'], 'apiVersion must be "v1" or "v2"'), 'v1'),
    bodyEncoding: v.optional(v.picklist(['json', 'form'], 'bodyEncoding must be "json" or "form"'), 'json'),
    refresh: v.optional(v.picklist(['auto', 'never'], 'refresh must be "auto" or "never"'), 'auto'),
    refreshPath: v.optional(
      v.pipe(v.string('refreshPath must be a string'), v.startsWith('/', 'refreshPath must start with "/"')),
      '/api/v2/api-token-refresh/',
    ),
    // Checked here, not at login time: a header fetch cannot send would fail far from its cause.
    headers: v.optional(headersSchema()),
  },
  (issue) => {
    const path = pathOf(issue);
    if (path === undefined) return 'the config must be an object';
    return issue.expected === 'never' ? `${path} is not a known option` : `${path} is required`;
  },
) satisfies v.GenericSchema<MastersIndiaConfig, unknown>;

/** The config after validation, defaults applied. */
export type ResolvedConfig = v.InferOutput<typeof MastersIndiaConfigSchema>;

const jwtString = v.pipe(v.string(), v.nonEmpty());

// The access token goes into `Authorization: JWT <token>`: a value with spaces, control or
// non-ASCII characters cannot be sent (fetch throws) and would break every request once cached.
const headerToken = v.pipe(v.string(), v.regex(/^[\x21-\x7E]+$/, 'must be visible ASCII without spaces'));

/**
 * A token answer of login and refresh. The refresh token comes as `refresh_token`, as
 * `"refresh token"` (one document spells it with a space), or not at all.
 */
export const TokenBodySchema = v.object({
  token: headerToken,
  refresh_token: v.nullish(jwtString),
  'refresh token': v.nullish(jwtString),
});

/** A 2xx that means failure: `{"error": "Unable to login with provided credential"}`. */
export const ErrorBodySchema = v.object({ error: v.nonNullable(v.unknown()) });

/** A 400's field errors: `{"username": ["missing field"]}`. */
export const FieldErrorsSchema = v.record(v.string(), v.unknown());
