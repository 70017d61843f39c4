// Where the protocol log and the Edu-V registry live, declared once.
import { z } from 'zod';
import { defineVariables, text } from '../config/variables.ts';

export const STORAGE_VARIABLES = defineVariables({
  DATABASE_URL: {
    description: 'PostgreSQL (postgres:// or postgresql://); without it: PGlite under DATA_DIR',
    schema: z.string().refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL'),
    secret: true,
  },
  DATA_DIR: { description: 'directory of the embedded PGlite store (`memory://`: in memory)', schema: text(), default: './data' },
});
