CREATE TABLE IF NOT EXISTS classifications (
  id            VARCHAR(36)  PRIMARY KEY,
  source        VARCHAR(64)  NOT NULL,
  excerpt       VARCHAR(200) NOT NULL,
  label         VARCHAR(40)  NOT NULL,
  status        VARCHAR(20)  NOT NULL,
  error         VARCHAR(200),
  received_at   TIMESTAMP    NOT NULL,
  classified_at TIMESTAMP    NOT NULL
);
CREATE INDEX IF NOT EXISTS classifications_by_time ON classifications (classified_at);
