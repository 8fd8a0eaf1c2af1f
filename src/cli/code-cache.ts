// Loads the CLI bundle (one CommonJS file) through vm.Script with a V8 code cache that the build
// made, so a start deserialises bytecode instead of parsing and compiling ~1 MB of JavaScript
// (Node 20 has no compile cache for modules; module.enableCompileCache is Node 22).
//
// V8 checks a cache against its own version and flags and the source's length only, so a cache
// of another source of the same length would run that other code; and a release V8 does not
// checksum the data. The cache file therefore starts with the CRC-32 and byte length of the
// source it was made from (Node 22's compile cache checks a CRC-32 too) and the CRC-32 of V8's
// data; on any mismatch, and whenever V8 rejects the data, the file is compiled as if there were
// no cache. A cache can make a start slower or faster, never run other code.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/** What became of the cache: used; absent (no file); stale (made from other source); damaged (its data fails its CRC); rejected by V8 (another Node or V8 flags). */
export type CacheUse = 'used' | 'absent' | 'stale' | 'damaged' | 'rejected';

export interface CompiledModule {
  exports: unknown;
  cache: CacheUse;
  /** After the module has run, V8's cache of everything compiled so far, with our header. */
  cacheData(): Buffer;
}

const HEADER = 12;

// Node's CommonJS wrapper (Module.wrap), on a line of its own (lineOffset -1), so the lines and
// columns in a stack trace are the file's own, as the source map has them.
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) {\n${source}\n});`;

function withHeader(source: Buffer, data: Buffer): Buffer {
  const h = Buffer.alloc(HEADER);
  h.writeUInt32LE(crc32(source), 0);
  h.writeUInt32LE(source.length, 4);
  h.writeUInt32LE(crc32(data), 8);
  return Buffer.concat([h, data]);
}

function readCache(cacheFile: string, source: Buffer): { data?: Buffer; use: CacheUse } {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return { use: 'absent' };
  }
  if (file.length <= HEADER) return { use: 'damaged' };
  if (file.readUInt32LE(0) !== crc32(source) || file.readUInt32LE(4) !== source.length) return { use: 'stale' };
  const data = file.subarray(HEADER);
  return file.readUInt32LE(8) === crc32(data) ? { data, use: 'used' } : { use: 'damaged' };
}

/**
 * require(file), compiled with the code cache in cacheFile when it is this source's. `scriptName`
 * is the name stack traces give the code: V8 (in Node 20) keeps the name a cache was made under,
 * so a cache that must work wherever the package is installed is made and used under one name.
 */
export function requireCompiled(file: string, cacheFile: string, scriptName = file): CompiledModule {
  const source = readFileSync(file);
  const cached = readCache(cacheFile, source);
  const script = new Script(wrap(source.toString('utf8')), { filename: scriptName, lineOffset: -1, cachedData: cached.data });
  const cache: CacheUse = cached.data && script.cachedDataRejected ? 'rejected' : cached.use;
  const module = { exports: {} as unknown };
  const init = script.runInThisContext() as (...args: unknown[]) => void;
  init.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, cache, cacheData: () => withHeader(source, script.createCachedData()) };
}

/** Writes the cache whole or not at all (a start reading it meanwhile sees the old file or none). */
export function writeCodeCache(compiled: CompiledModule, cacheFile: string): void {
  const tmp = `${cacheFile}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, compiled.cacheData());
    renameSync(tmp, cacheFile);
  } finally {
    rmSync(tmp, { force: true });
  }
}
