-- The staff console (issue 6): staff users and their sessions. Portable SQL: H2 2.x, MySQL 8,
-- MariaDB 10.6+.

-- A person who signs in to the console. partner_id NULL = an operator admin, who sees every
-- partner; otherwise the user belongs to one partner, as its admin (manages its staff, keys and
-- settings) or as staff. The email is the sign-in name, unique across Gratitude. The password is
-- stored only as an adaptive hash ({bcrypt}...). A disabled user cannot sign in; users are never
-- deleted, so that what they did stays attributable.
CREATE TABLE staff_user (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    partner_id     BIGINT,
    email          VARCHAR(320) NOT NULL,
    display_name   VARCHAR(200) NOT NULL,
    role           VARCHAR(16)  NOT NULL,
    password_hash  VARCHAR(200) NOT NULL,
    created_at     BIGINT       NOT NULL,
    disabled_at    BIGINT,
    last_sign_in   BIGINT,
    CONSTRAINT uk_staff_user_email UNIQUE (email),
    CONSTRAINT ck_staff_user_role CHECK (role IN ('ADMIN', 'PARTNER_ADMIN', 'STAFF')),
    CONSTRAINT ck_staff_user_scope CHECK ((role = 'ADMIN' AND partner_id IS NULL)
                                       OR (role <> 'ADMIN' AND partner_id IS NOT NULL)),
    CONSTRAINT fk_staff_user_partner FOREIGN KEY (partner_id) REFERENCES partner (id)
);
CREATE INDEX ix_staff_user_partner ON staff_user (partner_id);

-- Console sessions, shared by every node of a cluster (Spring Session JDBC's own schema), so
-- that a load balancer may send a signed-in user's requests to any node.
CREATE TABLE SPRING_SESSION (
    PRIMARY_ID             CHAR(36)     NOT NULL,
    SESSION_ID             CHAR(36)     NOT NULL,
    CREATION_TIME          BIGINT       NOT NULL,
    LAST_ACCESS_TIME       BIGINT       NOT NULL,
    MAX_INACTIVE_INTERVAL  INT          NOT NULL,
    EXPIRY_TIME            BIGINT       NOT NULL,
    PRINCIPAL_NAME         VARCHAR(100),
    CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);
CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
    SESSION_PRIMARY_ID  CHAR(36)     NOT NULL,
    ATTRIBUTE_NAME      VARCHAR(200) NOT NULL,
    ATTRIBUTE_BYTES     BLOB         NOT NULL,
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
    CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID)
        REFERENCES SPRING_SESSION (PRIMARY_ID) ON DELETE CASCADE
);
