// Entry of the PGlite worker thread (pglite-worker.ts). A worker thread does not
// always inherit the TypeScript loader of the process that starts it (vitest,
// plain node); tsx is registered here unless the worker already runs under it.
if (!process.execArgv.some((arg) => arg.includes('tsx'))) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import('./pglite-worker.ts');
