// Production entry: `node dist/main.js` (the image's command; `npm run start:prod` builds and runs
// it). Every external part is configuration — BRP_URL, AUTH_ISSUER, DATABASE_URL, … — and nothing
// of src/dev is reachable from here, so the build holds no mock, development IdP or sandbox.
// `npm start` runs the development facade instead (src/dev/start.ts).
//
// The production entry runs production unless told otherwise: no development defaults by omission.
// First, so that graphql (and everything else) is evaluated with it (production-default.ts).
import './production-default.ts';
import { runApplication } from './application.ts';

runApplication();
