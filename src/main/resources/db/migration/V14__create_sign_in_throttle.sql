-- Sign-in throttling (issue 9). One row per subject that failed to sign in lately: an email
-- typed at the sign-in form (whether or not an account has it) or a client address. The subject
-- is stored only as its HMAC-SHA256 under an instance secret, in hex, so the table holds no
-- readable email or address. After too many failures in a row the subject is locked until
-- locked_until; rows older than a day are removed as new failures come in.
CREATE TABLE sign_in_throttle (
    subject          VARCHAR(64) NOT NULL,
    failures         INT         NOT NULL,
    last_failure_at  BIGINT      NOT NULL,
    locked_until     BIGINT,
    CONSTRAINT pk_sign_in_throttle PRIMARY KEY (subject)
);
CREATE INDEX ix_sign_in_throttle_last_failure ON sign_in_throttle (last_failure_at);
