// The files of the installed CLI in dist/bundle/ (scripts/bundle.mjs makes them).

/** All of the CLI but its entry: one CommonJS file, so that V8 can cache its compiled code. */
export const CLI_SCRIPT = 'rbac-cli.cjs';
/** That cache (code-cache.ts), made by the build. */
export const CLI_CODE_CACHE = 'rbac-cli.cache';
/**
 * The name stack traces give the CLI's code, wherever it is installed (code-cache.ts says why it
 * is one name); source-mapped-stack.ts maps its frames through the map of the running bundle.
 */
export const CLI_SCRIPT_NAME = `dist/bundle/${CLI_SCRIPT}`;
