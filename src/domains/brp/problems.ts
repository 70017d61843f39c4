// BRP problem codes that are the caller's to fix (problem+json `code`), with what to tell them.
export const BRP_PROBLEMS = {
  tooManyResults: { message: 'The search matches more than 10 persons; narrow it down.', reason: 'TOO_MANY_RESULTS' },
} as const;
