/// Migration 011: the customer's side.
///
/// - `customer_signals`: what customers did with messages and on the portal (opens, clicks,
///   visits, promises, disputes, requests), never edited. `dedupe_key` is unique: an open is
///   one row per message and kind of visitor however often the image is fetched, even from two
///   server instances at once. `automated_reason` is set for a visit taken to be a machine's.
/// - `signal_attachments`: files sent with a signal (a dispute's delivery note), stored in the
///   database (base64, so both engines hold them the same way) under a random id.
/// - `portal_revocations`: portal links of a customer's messages created before `revoked_at`
///   are refused.
extension Migration {
    static let portal = Migration(name: "2026-12-02-011-portal") { engine in
        let identity = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        let kinds = "('open', 'click', 'portal_view', 'promise', 'dispute', 'copy_request', 'contact_change', 'bounce')"
        return [
            """
            CREATE TABLE customer_signals (
                id \(identity),
                customer_id TEXT NOT NULL REFERENCES customers (customer_id),
                action_id TEXT,
                kind TEXT NOT NULL CONSTRAINT customer_signals_kind CHECK (kind IN \(kinds)),
                invoice_number TEXT,
                automated_reason TEXT,
                detail TEXT NOT NULL,
                dedupe_key TEXT UNIQUE,
                occurred_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX customer_signals_customer ON customer_signals (customer_id, id)",
            "CREATE INDEX customer_signals_time ON customer_signals (occurred_at)",
            """
            CREATE TABLE signal_attachments (
                id TEXT PRIMARY KEY,
                signal_id BIGINT NOT NULL REFERENCES customer_signals (id),
                customer_id TEXT NOT NULL REFERENCES customers (customer_id),
                invoice_number TEXT,
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size INTEGER NOT NULL CONSTRAINT signal_attachments_size CHECK (size > 0),
                sha256 TEXT NOT NULL,
                content_base64 TEXT NOT NULL,
                received_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX signal_attachments_customer ON signal_attachments (customer_id)",
            """
            CREATE TABLE portal_revocations (
                customer_id TEXT PRIMARY KEY REFERENCES customers (customer_id),
                revoked_at TEXT NOT NULL
            )
            """,
        ]
    }
}
