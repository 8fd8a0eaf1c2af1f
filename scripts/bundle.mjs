// Bundles with esbuild. `bundle()` is general (any entry, node or browser); run as a script it
// builds the CLI: src/cli/main.ts -> dist/bundle/rbac.mjs, with code splitting so the modules a
// command reaches only through import() (the cluster client, the HTML report, the graph exports,
// the built-in default policy) sit in chunks loaded only when that command needs them.
// External source maps: the entry turns them on, so a stack trace names src/ files and lines.
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles `entryPoints` into `outdir` and replaces what was there only once the build succeeded
 * (written next to it, then renamed), so a test running the old bundle never reads a half-written one.
 * `options` are esbuild's, over the defaults below.
 */
export async function bundle({ entryPoints, outdir, ...options }) {
  const tmp = `${outdir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const result = await build({
      entryPoints,
      outdir: tmp,
      bundle: true,
      format: 'esm',
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'linked',
      logLevel: 'warning',
      metafile: true,
      write: false,
      absWorkingDir: ROOT,
      ...options,
    });
    mkdirSync(tmp, { recursive: true });
    for (const f of result.outputFiles) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.contents);
    }
    rmSync(outdir, { recursive: true, force: true });
    renameSync(tmp, outdir);
    return result.metafile;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * esbuild plugin: imports of these modules become a stand-in whose functions load the real module
 * with require() on their first call (constructors too: `new Lexer()` builds the real class). For
 * modules the source imports statically but most runs never call: the `yaml` parser (only for
 * documents the fast path cannot read exactly), graphology (only when a command builds a graph),
 * child_process (commander's executable subcommands, never used). At run time they are resolved
 * from the package's dependencies, as the library build resolves them. An import of a name that
 * is not a function fails the build. The stand-ins carry no properties of the real functions
 * (util.promisify.custom, static members): `onlyFrom` (a test on the importing file) limits a
 * stand-in to importers that only call them.
 */
export function lazyRequire(specifiers, onlyFrom = /(?:)/) {
  const filter = new RegExp(`^(${specifiers.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  const real = createRequire(join(ROOT, 'package.json'));
  return {
    name: 'lazy-require',
    setup(b) {
      b.onResolve({ filter }, (a) => (onlyFrom.test(a.importer) ? { path: a.path, namespace: 'lazy-require' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy-require' }, ({ path }) => {
        const names = Object.keys(real(path)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && typeof real(path)[k] === 'function' && k !== 'default');
        return {
          loader: 'js',
          contents: [
            "import { createRequire } from 'node:module';",
            'let m;',
            `const load = () => (m ??= createRequire(import.meta.url)(${JSON.stringify(path)}));`,
            'const lazy = (k) => function (...a) { const f = load()[k]; return new.target ? Reflect.construct(f, a) : f.apply(this, a); };',
            ...names.map((k) => `export const ${k} = lazy(${JSON.stringify(k)});`),
          ].join('\n'),
        };
      });
    },
  };
}

/** Where the CLI bundle goes. Two levels below the package root, as dist/collect/ is: the
 * shipped checks are found at ../../queries from either. */
export const CLI_OUTDIR = join(ROOT, 'dist', 'bundle');
export const CLI_BUNDLE = join(CLI_OUTDIR, 'rbac.mjs');

export async function bundleCli() {
  const meta = await bundle({
    entryPoints: { rbac: 'src/cli/main.ts' },
    outdir: CLI_OUTDIR,
    platform: 'node',
    target: 'node20',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    // Loaded only by `--context`/live runs; its dependency tree does dynamic requires that a bundle
    // cannot follow, and users get it installed as a dependency anyway.
    external: ['@kubernetes/client-node'],
    plugins: [
      lazyRequire(['yaml', 'graphology', 'crypto', 'node:crypto']),
      // collect/git.ts promisifies execFile, which needs the real function's promisify.custom.
      lazyRequire(['child_process', 'node:child_process'], /[\\/]node_modules[\\/]commander[\\/]/),
    ],
    // Some CommonJS dependencies call require() on Node built-ins; an ESM bundle needs a require.
    banner: { js: "import { createRequire as __rbacCreateRequire } from 'node:module'; const require = __rbacCreateRequire(import.meta.url);" },
  });
  // Executable, so a link to it (node_modules/.bin, a kubectl plugin on PATH) runs whatever npm did before.
  chmodSync(CLI_BUNDLE, 0o755);
  return meta;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const meta = await bundleCli();
  const files = Object.entries(meta.outputs).filter(([f]) => !f.endsWith('.map'));
  const size = (b) => `${(b / 1024).toFixed(0)} KiB`;
  for (const [f, o] of files) if (f.endsWith('/rbac.mjs') || process.argv.includes('--verbose')) process.stdout.write(`${relative(ROOT, f).replace(/\.tmp-\d+/, '')}  ${size(o.bytes)}\n`);
  process.stdout.write(`${files.length} files in ${relative(ROOT, CLI_OUTDIR)}/\n`);
}
