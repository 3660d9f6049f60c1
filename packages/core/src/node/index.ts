export { backoff } from './backoff.js';
export type { FileStoreOptions } from './file-store.js';
export { createFileStore } from './file-store.js';
