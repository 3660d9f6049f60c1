// Typechecked by packages/core/test/ky2.test.ts (not by the root tsconfig): `ky` here resolves
// to ky 2 in this folder's node_modules, `@authwire/core` to core's sources. authHooks must be
// ky 2 `Hooks` without a cast, as it is ky 1 `Hooks` in core's own tests.
import { authHooks, type TokenProvider } from '@authwire/core';
import ky, { type Hooks } from 'ky';

declare const provider: TokenProvider;

export const api = ky.create({ hooks: authHooks(provider), retry: 0 });
export const hooks: Hooks = authHooks(provider);
export const merged = ky.create({ hooks: { ...authHooks(provider), beforeError: [({ error }) => error] } });
