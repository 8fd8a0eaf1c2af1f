import type { BuildOptions, Metafile, Plugin } from 'esbuild';

export const ROOT: string;
export const CLI_OUTDIR: string;
export const CLI_BUNDLE: string;
export function bundle(options: BuildOptions & { entryPoints: NonNullable<BuildOptions['entryPoints']>; outdir: string }): Promise<Metafile>;
export function lazyRequire(specifiers: string[]): Plugin;
export function bundleCli(): Promise<Metafile>;
