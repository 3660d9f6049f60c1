/**
 * The packages the runtime matrix packs and installs from their tarballs, as a user gets them:
 * the runtime-neutral ones (their main entry uses nothing of Node). The one list: a package added
 * here is packed, installed and importable by the smoke test (`smoke/smoke.mjs`) in every runtime.
 */
export const PACKED_PACKAGES = [
  '@authwire/core',
  '@authwire/masters-india',
  '@authwire/union-service',
  '@authwire/oauth2',
] as const;

/** One of {@link PACKED_PACKAGES}. */
export type PackedPackage = (typeof PACKED_PACKAGES)[number];

/**
 * What the kit legs (`test/kit-majors.test.ts`) pack and install: the matrix's packages and the
 * test kit, `@authwire/testing` (Node only, so never in the runtime matrix itself).
 */
export const KIT_PACKAGES = [...PACKED_PACKAGES, '@authwire/testing'] as const;

/** One of {@link KIT_PACKAGES}. */
export type KitPackage = (typeof KIT_PACKAGES)[number];
