// Entry of the PGlite worker thread (pglite-worker.ts). A worker thread does not
// inherit the TypeScript loader of the process that starts it (module hooks are
// per thread in Node 20), so tsx is registered here, for this thread.
const { register } = await import('tsx/esm/api');
register();
await import('./pglite-worker.ts');
