// A failed upstream call, typed by what the caller can do about it. Mapping to
// GraphQL errors is each domain's job; the detail is for logs, never for callers.
export interface InvalidParam {
  name?: string;
  code?: string;
  reason?: string;
}

export type UpstreamErrorKind = 'bad-request' | 'forbidden' | 'unavailable' | 'unexpected';

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamErrorKind,
    /** For logs only: status and problem code, never the body. */
    readonly detail: { status?: number; code?: string; cause?: string },
    readonly invalidParams: InvalidParam[] = [],
  ) {
    super(`upstream ${kind}`);
    this.name = 'UpstreamError';
  }
}

