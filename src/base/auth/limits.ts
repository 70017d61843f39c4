// How strictly tokens are read: defaults and bounds shared by the programmatic and the environment config.
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
/** More skew than this hides a broken clock or replays an expired token. */
export const MAX_CLOCK_TOLERANCE_SECONDS = 60;
/** Some IdPs issue access tokens for up to 90 minutes; two hours leaves room, 1e308 does not. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 7200;
