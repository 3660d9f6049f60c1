import { fileURLToPath } from 'node:url';

/**
 * Where `@authwire/core` resolves from the running bench, checked: it must be a built
 * `packages/core/dist` file reached through `node_modules`, never the TypeScript sources (a
 * tsconfig `paths` mapping under tsx). Every bench process calls it before measuring.
 *
 * @returns the resolved file path
 * @throws when `@authwire/core` resolves to anything but a built `dist`
 */
export function resolvedCore(): string {
  const path = fileURLToPath(import.meta.resolve('@authwire/core'));
  if (!/[/\\]packages[/\\]core[/\\]dist[/\\][^/\\]+\.js$/.test(path)) {
    throw new Error(
      `@authwire/core resolves to ${path}, not to the built packages/core/dist: the bench measures the built packages only. Run \`pnpm bench\` (it bundles bench/src with @authwire/* external and runs it with plain node).`,
    );
  }
  return path;
}
