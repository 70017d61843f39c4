// `node --import bench/peers/protocol-off.mjs main.js`: the built facade, unchanged but for one thing —
// its protocol log acknowledges every record without writing it. Everything else (store opened and
// migrated, chains, readiness, token check, authorisation, access log) runs as in production, so the
// ratio to the normal facade is what writing the protocol costs. Only the bench uses this.
import { register } from 'node:module';

register('./protocol-off-loader.mjs', import.meta.url);
