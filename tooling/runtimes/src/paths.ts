import { fileURLToPath } from 'node:url';

/** An absolute path from the repository's root. */
export const repoPath = (relative: string): string => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

/** An absolute path inside tooling/runtimes. */
export const runtimesPath = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

/** Where `npm ci --prefix tooling/runtimes` installs the runtimes (never on anyone's PATH). */
export const toolPath = (relative: string): string => runtimesPath(`node_modules/${relative}`);
