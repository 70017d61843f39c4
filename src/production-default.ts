// Imported first by the production entry (src/main.ts), before anything that imports graphql: ES
// modules are evaluated in import order, and graphql 16 decides at its own evaluation whether it runs
// in production mode (`process.env.NODE_ENV === 'production'`; otherwise every instanceOf check walks
// the prototype chain looking for a second copy of graphql). A default set in main.ts's own body
// would come after all of its imports had been evaluated.
process.env.NODE_ENV ??= 'production';
