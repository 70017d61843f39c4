// The layers of the facade (README, "Architecture"), bottom to top, as import rules:
//   1 base       src/base/        token verification, configuration, logging, errors, storage, GraphQL utilities
//   2 domains    src/domains/X/   one per upstream (brp, eduv): vocabulary, input checks, client, loader
//   3 policy     rules/           the policy file, its loader, the graphql-shield rule tree
//   4 engine     src/engine/      the plan, authorisation, records: generic
//   5 resolvers  resolvers/       thin, per domain (with the request context and the generated types)
//   6 pipeline   src/pipeline/    one module per phase, and the wiring (with src/application.ts, src/main.ts)
//   dev          src/dev/         development tooling, mocks and the development entry (src/dev/start.ts):
//                                 it may import anything; nothing of the production tree imports it, so the
//                                 build (`npm run build`, from src/main.ts) holds none of it
// Imports point down only. `npm test` runs this check (npm run lint:layers); test/layers.test.ts
// proves that a planted violation fails it. Paths match with (^|/) so the fixture tree is judged alike.
const base = '(^|/)src/base/';
const domains = '(^|/)src/domains/';
const policy = '(^|/)rules/';
const engine = '(^|/)src/engine/';
const resolvers = '(^|/)(resolvers/|src/generated/)';
const pipeline = '(^|/)(src/pipeline/|src/main\\.ts$|src/application\\.ts$)';
const dev = '(^|/)src/dev/';
const above = (...layers) => `(${layers.join('|')})`;

module.exports = {
  forbidden: [
    { name: 'base-imports-nothing-above', severity: 'error', comment: 'base knows no upstream, policy, engine or pipeline',
      from: { path: base }, to: { path: above(domains, policy, engine, resolvers, pipeline, dev) } },
    { name: 'domain-imports-nothing-above', severity: 'error', comment: 'a domain builds on base only',
      from: { path: domains }, to: { path: above(policy, engine, resolvers, pipeline, dev) } },
    { name: 'domains-are-independent', severity: 'error', comment: 'a domain never imports another',
      from: { path: '(^|/)src/domains/([^/]+)/' }, to: { path: '(^|/)src/domains/', pathNot: '(^|/)src/domains/$2/' } },
    { name: 'policy-imports-nothing-above', severity: 'error', comment: 'the policy is built from base and the domains\' vocabularies',
      from: { path: policy }, to: { path: above(engine, resolvers, pipeline, dev) } },
    { name: 'engine-is-generic', severity: 'error', comment: 'the engine is handed vocabularies and rules; it imports no domain, resolver or phase',
      from: { path: engine }, to: { path: above(domains, resolvers, pipeline, dev) } },
    { name: 'resolvers-import-no-phase', severity: 'error', comment: 'resolvers are called by the pipeline, they do not call it',
      from: { path: resolvers }, to: { path: above(pipeline, dev) } },
    { name: 'production-never-imports-dev', severity: 'error', comment: 'development tooling and mocks start the production tree (src/dev/start.ts), never the other way round',
      from: { path: above(base, domains, policy, engine, resolvers, pipeline) }, to: { path: dev } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|test/fixtures/layers/.*/node_modules)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
  },
};
