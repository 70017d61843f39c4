// Module hook of protocol-off.mjs: dist/src/engine/protocol/protocol-log.js is served as a wrapper
// whose createProtocolLog returns the real log with a record() that writes nothing.
const TARGET = '/src/engine/protocol/protocol-log.js';
const REAL = '?bench-real';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith(TARGET)) {
    const real = JSON.stringify(url + REAL);
    return {
      format: 'module',
      shortCircuit: true,
      source: `import * as real from ${real};
export * from ${real};
export async function createProtocolLog(...args) {
  const log = await real.createProtocolLog(...args);
  return new Proxy(log, { get: (target, key) => (key === 'record' ? async () => undefined : Reflect.get(target, key)) });
}
`,
    };
  }
  return nextLoad(url, context);
}
