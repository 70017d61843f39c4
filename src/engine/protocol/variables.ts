// The protocol log's keys and retention, declared once (read by cli/env.ts).
import { defineVariables, flag, text, wholeNumber } from '../../base/config/variables.ts';

/** Development only, and published: records written with it are pseudonymised for show, not protected. */
const DEV_SUBJECT_KEY_ID = 'dev';
const DEV_SUBJECT_KEY = Buffer.alloc(32, 'development key — not secret!').toString('base64');

export const PROTOCOL_VARIABLES = defineVariables({
  PROTOCOL_SIGNING_KEY: { description: 'Ed25519 private key (PEM) that signs retention checkpoints (protocol:prune)', schema: text(), secret: true },
  PROTOCOL_SIGNING_KEY_FILE: { description: 'file holding PROTOCOL_SIGNING_KEY', schema: text() },
  PROTOCOL_VERIFY_KEY: { description: 'Ed25519 public key (PEM) that checkpoints are verified with (protocol:verify)', schema: text() },
  PROTOCOL_VERIFY_KEY_FILE: { description: 'file holding PROTOCOL_VERIFY_KEY', schema: text() },
  PROTOCOL_WITNESS_DIR: { description: 'directory outside the database (a write-once volume) where the facade keeps its signed chain heads, and protocol:verify checks them; needs PROTOCOL_SIGNING_KEY', schema: text() },
  PROTOCOL_TOKEN_EVIDENCE: { description: 'keep each request\'s signed access token in its access record (sealed with PROTOCOL_SUBJECT_KEYS) and the issuer keys that verified them beside the witness (needs PROTOCOL_WITNESS_DIR); protocol:verify --evidence checks them', schema: flag(), default: 'false' },
  PROTOCOL_ANCHOR_RECORDS: { description: 'sign and witness the chain heads after this many access records', schema: wholeNumber(1, 10_000_000), default: '1000' },
  PROTOCOL_ANCHOR_SECONDS: { description: '…or this many seconds after the last anchor, when anything was written since', schema: wholeNumber(1, 86_400), default: '60' },
  PROTOCOL_SUBJECT_KEYS: {
    description: 'keys that pseudonymise and seal the data subjects of the processing log: `<id>:<base64 of 32 random bytes>`, comma-separated, the current one first (older ones stay for look-ups); development: a published demo key',
    schema: text(),
    secret: true,
    requiredIn: 'production',
    default: { development: `${DEV_SUBJECT_KEY_ID}:${DEV_SUBJECT_KEY}` },
  },
  PROTOCOL_WRITE_TIMEOUT_MS: { description: 'a request whose records are not committed within this time is answered PROTOCOL_UNAVAILABLE (and delivers nothing); raise it where the store is far or briefly slow under peaks', schema: wholeNumber(100, 120_000), default: '5000' },
  PROTOCOL_RETENTION_YEARS: { description: 'years records are kept before protocol:prune may cut them', schema: wholeNumber(1, 200), default: '20' },
});
