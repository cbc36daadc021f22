/// Migration 008: people and access for `aragent serve`.
///
/// - `users`: a name, a role from the closed set, a bcrypt hash, and a disabled flag (users are
///   disabled, never deleted, so the audit log's names keep meaning someone).
/// - `sessions`: browser sessions by the SHA-256 of their cookie (a copy of the database signs
///   nobody in), with the CSRF token that every form of the session carries, and an expiry.
/// - `api_tokens`: Bearer tokens by their SHA-256, with a unique name and a role.
/// - `idempotency_keys`: the first answer to a POST with an `Idempotency-Key`, per principal,
///   replayed for every repeat; `owner` tells the one request that reserved the key.
/// - `login_failures`: failed sign-ins by account and by address, for the throttle.
/// - `cycle_runs`: one row per day; the instance whose lease it holds runs that day's cycle.
extension Migration {
    static let access = Migration(name: "2026-12-02-008-access") { engine in
        let identity = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        let roles = "('viewer', 'collector', 'approver', 'admin')"
        return [
            """
            CREATE TABLE users (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL CONSTRAINT users_role CHECK (role IN \(roles)),
                password_hash TEXT NOT NULL,
                disabled BOOLEAN NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY,
                user_name TEXT NOT NULL REFERENCES users (name),
                csrf_token TEXT NOT NULL,
                address TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX sessions_user ON sessions (user_name)",
            """
            CREATE TABLE api_tokens (
                hash TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL CONSTRAINT api_tokens_role CHECK (role IN \(roles)),
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE idempotency_keys (
                principal TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                owner TEXT NOT NULL,
                created_at TEXT NOT NULL,
                status INTEGER,
                content_type TEXT,
                body TEXT,
                PRIMARY KEY (principal, idempotency_key)
            )
            """,
            """
            CREATE TABLE login_failures (
                id \(identity),
                throttle_key TEXT NOT NULL,
                failed_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX login_failures_key ON login_failures (throttle_key, failed_at)",
            """
            CREATE TABLE cycle_runs (
                day CHAR(10) PRIMARY KEY,
                worker TEXT NOT NULL,
                started_at TEXT NOT NULL,
                lease_until TEXT NOT NULL,
                finished_at TEXT
            )
            """,
        ]
    }
}
