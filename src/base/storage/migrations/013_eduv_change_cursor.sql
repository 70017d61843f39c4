-- Where the Edu-V change feed was read up to (src/domains/eduv/changes/change-feed.ts): the leader
-- among the facade instances saves it after publishing each page, so that the next leader resumes
-- there instead of at "now" (nothing is skipped; a page published twice is dropped by the instances).
CREATE TABLE eduv_change_cursor (
  feed       text PRIMARY KEY,
  cursor     text NOT NULL,
  updated_at timestamptz NOT NULL
);
