// The sandbox's browser bundle: the client app (client/main.ts) with GraphiQL 3, React 18 and
// GraphiQL's CSS, bundled from node_modules by esbuild's JS API. No build step to remember:
// the first facade start builds it (a few seconds), later starts find it in a disk cache keyed
// by a hash of everything that goes in, so a changed client file or dependency rebuilds it.
//
// Cache: node_modules/.cache/facade-sandbox/<hash>/ — inside node_modules, so already ignored
// by git and thrown away with a fresh `npm ci`. A build is written to a temporary folder and
// renamed into place, so a second facade process (parallel tests) never reads half a bundle.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import type { Logger } from '../../base/log/logger.ts';

export interface BundleAsset {
  body: Buffer;
  contentType: string;
}

export interface SandboxBundle {
  /** Content hash of the inputs: part of the asset URLs, so they can be cached for good. */
  readonly id: string;
  /** File names of the assets, as the page links them. */
  readonly script: string;
  readonly stylesheet: string;
  /** The assets by file name; builds (once) or reads the cache on first call. */
  assets(): Promise<ReadonlyMap<string, BundleAsset>>;
}

export interface SandboxBundleOptions {
  logger: Logger;
  /** Default: node_modules/.cache/facade-sandbox of this project. */
  cacheDir?: string;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));
const ENTRY = join(CLIENT_DIR, 'main.ts');
const SCRIPT = 'sandbox.js';
const STYLESHEET = 'sandbox.css';
const CONTENT_TYPES: Record<string, string> = {
  [SCRIPT]: 'text/javascript; charset=utf-8',
  [STYLESHEET]: 'text/css; charset=utf-8',
};
/** Leftovers of interrupted builds and bundles of older inputs are removed after this long. */
const STALE_MS = 24 * 3600 * 1000;

function buildOptions(): BuildOptions {
  return {
    entryPoints: { sandbox: ENTRY },
    bundle: true,
    // One script and one stylesheet: GraphiQL's dynamic imports of CodeMirror are inlined
    // (no code splitting), so the page needs exactly two same-origin requests.
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    // React and friends pick their production builds from this; graphql-js reads
    // globalThis.process, which stays undefined in the browser, so nothing else is needed.
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    legalComments: 'none',
    // GraphiQL's CSS carries its fonts as data: URLs; anything else it links is inlined too,
    // so the page never fetches a font or image from elsewhere.
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    outdir: 'out',
    write: false,
    logLevel: 'silent',
    absWorkingDir: PROJECT_ROOT,
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat().sort();
}

/** Hash of the client sources, the locked dependency tree and the build options. */
async function inputHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(buildOptions()));
  // package-lock.json pins every package the bundle can contain, esbuild included; types.ts
  // is the one file outside client/ that the client imports (SAMPLE_QUERY).
  const inputs = [join(PROJECT_ROOT, 'package-lock.json'), fileURLToPath(new URL('./types.ts', import.meta.url)), ...(await filesUnder(CLIENT_DIR))];
  for (const file of inputs) {
    hash.update(`\0${file.slice(PROJECT_ROOT.length)}\0`);
    hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function readCached(dir: string): Promise<Map<string, BundleAsset> | undefined> {
  try {
    const assets = new Map<string, BundleAsset>();
    for (const name of [SCRIPT, STYLESHEET]) assets.set(name, { body: await readFile(join(dir, name)), contentType: CONTENT_TYPES[name] });
    return assets;
  } catch {
    return undefined;
  }
}

async function build(): Promise<Map<string, BundleAsset>> {
  // Loaded only here: esbuild is a development dependency and production never gets this far.
  const esbuild = await import('esbuild');
  const result = await esbuild.build(buildOptions());
  const assets = new Map<string, BundleAsset>();
  for (const file of result.outputFiles ?? []) {
    const name = basename(file.path);
    const contentType = CONTENT_TYPES[name];
    if (contentType) assets.set(name, { body: Buffer.from(file.contents), contentType });
  }
  for (const name of [SCRIPT, STYLESHEET]) {
    if (!assets.has(name)) throw new Error(`sandbox bundle: esbuild produced no ${name}`);
  }
  return assets;
}

async function store(cacheDir: string, dir: string, assets: ReadonlyMap<string, BundleAsset>): Promise<void> {
  const tmp = join(cacheDir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { recursive: true });
  try {
    for (const [name, asset] of assets) await writeFile(join(tmp, name), asset.body);
    await rename(tmp, dir);
  } catch {
    // Another process stored the same bundle first (the rename finds the folder taken), or
    // the cache is not writable: serving from memory is just as good.
    await rm(tmp, { recursive: true, force: true });
  }
}

async function pruneStale(cacheDir: string, keep: string): Promise<void> {
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  const now = Date.now();
  for (const entry of entries) {
    if (entry === keep) continue;
    const path = join(cacheDir, entry);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

export async function createSandboxBundle(options: SandboxBundleOptions): Promise<SandboxBundle> {
  const { logger } = options;
  const cacheDir = options.cacheDir ?? join(PROJECT_ROOT, 'node_modules', '.cache', 'facade-sandbox');
  const id = await inputHash();
  const dir = join(cacheDir, id);
  let pending: Promise<Map<string, BundleAsset>> | undefined;

  async function load(): Promise<Map<string, BundleAsset>> {
    const cached = await readCached(dir);
    if (cached) {
      logger.debug({ bundle: id }, 'sandbox bundle read from cache');
      return cached;
    }
    const started = performance.now();
    const assets = await build();
    logger.info({ bundle: id, ms: Math.round(performance.now() - started) }, 'sandbox bundle built');
    await store(cacheDir, dir, assets);
    void pruneStale(cacheDir, id);
    return assets;
  }

  return {
    id,
    script: SCRIPT,
    stylesheet: STYLESHEET,
    assets() {
      pending ??= load().catch((err: unknown) => {
        // Let the next request try again instead of remembering the failure for good.
        pending = undefined;
        throw err;
      });
      return pending;
    },
  };
}
