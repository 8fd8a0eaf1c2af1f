// Bundles with esbuild. `bundle()` is general (any entry, node or browser); run as a script it
// builds the CLI (bundleCli below): dist/bundle/rbac.mjs, a small entry, and rbac-cli.cjs, the
// rest of the CLI as one CommonJS file, with the V8 code cache a first run makes for it. Modules
// a command reaches only through import() (the cluster client, the HTML report, the graph
// exports, the built-in default policy) are in the file but run only when a command needs them.
// External source maps, read when an internal error is reported (src/cli/source-mapped-stack.ts).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Fills `outdir` by `fill(tmp)` and replaces what was there only once that succeeded (filled next
 * to it, then renamed), so a test running the old bundle never reads a half-written one.
 */
async function replaceDir(outdir, fill) {
  const tmp = `${outdir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, { recursive: true });
    const result = await fill(tmp);
    rmSync(outdir, { recursive: true, force: true });
    renameSync(tmp, outdir);
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One esbuild build of `entryPoints` into `outdir` (written, not replaced); its metafile. */
async function buildInto({ entryPoints, outdir, ...options }) {
  const result = await build({
    entryPoints,
    outdir,
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
  for (const f of result.outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.contents);
  }
  return result;
}

/**
 * Bundles `entryPoints` into `outdir`, replacing what was there once the build succeeded.
 * `options` are esbuild's, over the defaults of buildInto.
 */
export async function bundle({ outdir, ...options }) {
  return replaceDir(outdir, async (tmp) => (await buildInto({ outdir: tmp, ...options })).metafile);
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

/** The command whose run fills the code cache: what it compiles, every later start has compiled. */
export const WARM_UP = ['who-can', 'get', 'pods', '-f', 'samples/kubernetes-bootstrap', '-q'];

/**
 * The CLI: dist/bundle/rbac-cli.cjs, all of src/cli/run.ts and its imports as one CommonJS file
 * (a code cache needs a script; V8 caches ES modules only behind a Node flag), and the entry
 * rbac.mjs (src/cli/bundle-main.ts), which loads it with rbac-cli.cache, made here by one run.
 * One file alone starts no faster than the code-split ES modules did; the cache is the gain
 * (docs/decisions.md, 2026-12-04).
 */
export async function bundleCli() {
  return replaceDir(CLI_OUTDIR, async (tmp) => {
    const cli = await buildInto({
      entryPoints: { 'rbac-cli': 'src/cli/run.ts' },
      outdir: tmp,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      // Loaded only by `--context`/live runs; its dependency tree does dynamic requires that a bundle
      // cannot follow, and users get it installed as a dependency anyway.
      external: ['@kubernetes/client-node'],
      plugins: [
        lazyRequire(['yaml', 'graphology', 'crypto', 'node:crypto']),
        // collect/git.ts promisifies execFile, which needs the real function's promisify.custom.
        lazyRequire(['child_process', 'node:child_process'], /[\\/]node_modules[\\/]commander[\\/]/),
      ],
      // The source finds its files (the shipped checks, the page script) from import.meta.url.
      define: { 'import.meta.url': '__rbacModuleUrl' },
      banner: { js: "var __rbacModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
    const entry = await buildInto({ entryPoints: { rbac: 'src/cli/bundle-main.ts' }, outdir: tmp, platform: 'node', target: 'node20', outExtension: { '.js': '.mjs' } });
    const warnings = [...cli.warnings, ...entry.warnings];
    if (warnings.length) throw new Error(`the CLI bundle built with ${warnings.length} warning(s), the first: ${warnings[0].text}`);
    // Executable, so a link to it (node_modules/.bin, a kubectl plugin on PATH) runs whatever npm did before.
    const launcher = join(tmp, 'rbac.mjs');
    chmodSync(launcher, 0o755);
    const warm = spawnSync(process.execPath, [launcher, ...WARM_UP], { cwd: ROOT, env: { ...process.env, RBAC_WRITE_CODE_CACHE: '1' }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (warm.status !== 0) throw new Error(`the CLI bundle does not run (rbac ${WARM_UP.join(' ')}: exit ${warm.status}): ${warm.stderr || warm.error}`);
    return { inputs: { ...cli.metafile.inputs, ...entry.metafile.inputs }, outputs: { ...cli.metafile.outputs, ...entry.metafile.outputs } };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const meta = await bundleCli();
  const size = (b) => `${(b / 1024).toFixed(0)} KiB`;
  for (const f of readdirSync(CLI_OUTDIR).filter((n) => !n.endsWith('.map'))) process.stdout.write(`${relative(ROOT, join(CLI_OUTDIR, f))}  ${size(statSync(join(CLI_OUTDIR, f)).size)}\n`);
  process.stdout.write(`${Object.keys(meta.inputs).length} source files\n`);
}
