export type { MainOptions, Output } from './io.js';
export { main } from './main.js';
// Internal on purpose: the commands, the config loader and the curl argument reader.
