-- The key that signs the shop's form tokens (CSRF protection of the Buy button, docs/WEB.md).
-- One row, made by whichever shop instance starts first, so every instance accepts the tokens of
-- every other behind one load balancer. It protects forms only: it opens no seal and no content.
CREATE TABLE web_secret (
    id      INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
    secret  VARCHAR(64) NOT NULL
);
