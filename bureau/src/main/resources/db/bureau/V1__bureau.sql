-- The bureau's own records, under its own references ([0048]). It never learns what is bought.
CREATE TABLE credit_record (
    reference          VARCHAR(64)  PRIMARY KEY,
    score              INTEGER      NOT NULL,
    delinquencies      INTEGER      NOT NULL,
    outstanding_debt   BIGINT       NOT NULL,
    currency           VARCHAR(3)   NOT NULL,
    months_of_history  INTEGER      NOT NULL,
    updated_at         BIGINT       NOT NULL
);
