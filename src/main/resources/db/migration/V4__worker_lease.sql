-- Which replica runs indexing and submission. One row per lease; time is the database's, so that
-- replicas with skewed clocks agree. The epoch grows at every change of holder.
CREATE TABLE worker_lease (
    name        TEXT        PRIMARY KEY,
    holder      TEXT        NOT NULL,
    epoch       BIGINT      NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
