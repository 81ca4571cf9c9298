-- Operator switches, shared by every replica and kept across restarts.
CREATE TABLE service_control (
    id                INTEGER     PRIMARY KEY CHECK (id = 1),
    submission_paused BOOLEAN     NOT NULL DEFAULT FALSE,
    paused_reason     TEXT,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO service_control (id) VALUES (1);
