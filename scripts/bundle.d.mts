import type { BuildOptions, Metafile, Plugin } from 'esbuild';

export const ROOT: string;
export const CLI_OUTDIR: string;
export const WARM_UP: string[];
export function bundle(options: BuildOptions & { entryPoints: NonNullable<BuildOptions['entryPoints']>; outdir: string }): Promise<Metafile>;
export function lazyRequire(specifiers: string[], onlyFrom?: RegExp): Plugin;
export function bundleCli(): Promise<Metafile>;
