// The protocol log's keys and retention, declared once (read by cli/env.ts).
import { defineVariables, text, wholeNumber } from '../../base/config/variables.ts';

export const PROTOCOL_VARIABLES = defineVariables({
  PROTOCOL_SIGNING_KEY: { description: 'Ed25519 private key (PEM) that signs retention checkpoints (protocol:prune)', schema: text(), secret: true },
  PROTOCOL_SIGNING_KEY_FILE: { description: 'file holding PROTOCOL_SIGNING_KEY', schema: text() },
  PROTOCOL_VERIFY_KEY: { description: 'Ed25519 public key (PEM) that checkpoints are verified with (protocol:verify)', schema: text() },
  PROTOCOL_VERIFY_KEY_FILE: { description: 'file holding PROTOCOL_VERIFY_KEY', schema: text() },
  PROTOCOL_RETENTION_YEARS: { description: 'years records are kept before protocol:prune may cut them', schema: wholeNumber(1, 200), default: '20' },
});
