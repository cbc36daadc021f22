import SQLKit

/// One schema change. Named and ordered; once shipped, never edited: a fix is a new migration.
struct Migration: Sendable {
    let name: String
    /// SQLite only: the migration rebuilds tables that others reference, which SQLite allows
    /// only with foreign-key enforcement off (it cannot be switched inside a transaction). The
    /// references are checked with `PRAGMA foreign_key_check` before the migration commits.
    let foreignKeysOff: Bool
    /// The statements, given the engine (for the few types that differ).
    let statements: @Sendable (DatabaseEngine) -> [String]

    init(name: String, foreignKeysOff: Bool = false, statements: @escaping @Sendable (DatabaseEngine) -> [String]) {
        self.name = name
        self.foreignKeysOff = foreignKeysOff
        self.statements = statements
    }
}

/// Brings a database's schema up to date by applying, in order and each in its own transaction,
/// the migrations it has not seen. Safe to run at every start and from several processes.
struct Migrator {
    let database: Database

    static let migrations: [Migration] = [
        Migration(name: "2026-11-29-001-ledger") { engine in
            let identity = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
            // SQLite keeps a table keyed by text in one B-tree instead of two (about a third
            // faster to load); PostgreSQL has no such option and needs none.
            let withoutRowID = engine == .sqlite ? " WITHOUT ROWID" : ""
            return [
                """
                CREATE TABLE import_batches (
                    id \(identity),
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    records BIGINT NOT NULL,
                    inserted BIGINT NOT NULL,
                    updated BIGINT NOT NULL,
                    unchanged BIGINT NOT NULL,
                    created_customers BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE customers (
                    customer_id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    email TEXT,
                    phone TEXT,
                    payment_terms_days INTEGER,
                    credit_limit_minor BIGINT,
                    currency CHAR(3),
                    amounts_currency CHAR(3),
                    key_account BOOLEAN NOT NULL,
                    annual_revenue_minor BIGINT,
                    parent_customer_id TEXT,
                    account_owner TEXT,
                    time_zone TEXT,
                    placeholder BOOLEAN NOT NULL,
                    content_hash BIGINT NOT NULL,
                    import_id BIGINT
                )
                """,
                """
                CREATE TABLE invoices (
                    invoice_number TEXT PRIMARY KEY,
                    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
                    issue_date CHAR(10) NOT NULL,
                    due_date CHAR(10) NOT NULL,
                    currency CHAR(3) NOT NULL,
                    amount_minor BIGINT NOT NULL,
                    open_amount_minor BIGINT NOT NULL,
                    po_number TEXT,
                    paid_date CHAR(10),
                    disputed BOOLEAN NOT NULL,
                    status TEXT NOT NULL,
                    content_hash BIGINT NOT NULL,
                    import_id BIGINT
                )\(withoutRowID)
                """,
                // Covers the aging query (grouped by customer, read without touching the table)
                // and serves lookups by customer.
                "CREATE INDEX invoices_aging ON invoices (customer_id, currency, due_date, issue_date, paid_date, open_amount_minor, amount_minor)",
                """
                CREATE TABLE historical_receipts (
                    transaction_id TEXT PRIMARY KEY,
                    value_date CHAR(10) NOT NULL,
                    currency CHAR(3) NOT NULL,
                    amount_minor BIGINT NOT NULL,
                    payer_name TEXT,
                    payer_account TEXT,
                    remittance TEXT,
                    customer_id TEXT NOT NULL,
                    invoice_numbers TEXT NOT NULL,
                    content_hash BIGINT NOT NULL,
                    import_id BIGINT
                )
                """,
                "CREATE INDEX historical_receipts_customer ON historical_receipts (customer_id)",
                """
                CREATE TABLE audit_log (
                    id \(identity),
                    occurred_at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    details TEXT NOT NULL,
                    import_id BIGINT
                )
                """,
                "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)",
            ]
        },
        Migration(name: "2026-11-29-002-cash-application") { engine in
            let identity = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
            return [
                """
                CREATE TABLE bank_transactions (
                    id \(identity),
                    natural_key TEXT NOT NULL UNIQUE,
                    format TEXT NOT NULL,
                    account_id TEXT,
                    statement_id TEXT,
                    bank_reference TEXT,
                    booking_date CHAR(10),
                    value_date CHAR(10) NOT NULL,
                    currency CHAR(3) NOT NULL,
                    amount_minor BIGINT NOT NULL,
                    payer_name TEXT,
                    payer_account TEXT,
                    remittance TEXT,
                    structured_references TEXT NOT NULL,
                    status TEXT NOT NULL,
                    unapplied_minor BIGINT NOT NULL,
                    summary TEXT NOT NULL,
                    import_id BIGINT
                )
                """,
                "CREATE INDEX bank_transactions_status ON bank_transactions (status)",
                """
                CREATE TABLE allocations (
                    id \(identity),
                    transaction_id BIGINT NOT NULL REFERENCES bank_transactions (id),
                    invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
                    currency CHAR(3) NOT NULL,
                    amount_minor BIGINT NOT NULL,
                    adjustment_minor BIGINT NOT NULL,
                    adjustment_reason TEXT,
                    confidence INTEGER NOT NULL,
                    decided_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    reverses BIGINT,
                    reason TEXT NOT NULL
                )
                """,
                "CREATE INDEX allocations_transaction ON allocations (transaction_id)",
                "CREATE INDEX allocations_invoice ON allocations (invoice_number)",
                """
                CREATE TABLE review_suggestions (
                    transaction_id BIGINT NOT NULL REFERENCES bank_transactions (id),
                    rank INTEGER NOT NULL,
                    invoice_number TEXT NOT NULL,
                    amount_minor BIGINT NOT NULL,
                    adjustment_minor BIGINT NOT NULL,
                    adjustment_reason TEXT,
                    confidence INTEGER NOT NULL,
                    reasons TEXT NOT NULL
                )
                """,
                "CREATE INDEX review_suggestions_transaction ON review_suggestions (transaction_id)",
            ]
        },
        Migration(name: "2026-11-29-003-collections") { engine in
            let identity = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
            return [
                """
                CREATE TABLE policy_versions (
                    version TEXT PRIMARY KEY,
                    body TEXT NOT NULL,
                    activated_at TEXT NOT NULL,
                    activated_by TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE actions (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    step_id TEXT NOT NULL,
                    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
                    invoice_numbers TEXT NOT NULL,
                    currency CHAR(3) NOT NULL,
                    total_minor BIGINT NOT NULL,
                    channel TEXT NOT NULL,
                    template TEXT NOT NULL,
                    tone TEXT NOT NULL,
                    requires_approval BOOLEAN NOT NULL,
                    status TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    policy_version TEXT NOT NULL,
                    planned_for CHAR(10) NOT NULL,
                    created_at TEXT NOT NULL,
                    decided_by TEXT,
                    decided_at TEXT,
                    note TEXT
                )
                """,
                "CREATE INDEX actions_status ON actions (status)",
                """
                CREATE TABLE action_invoices (
                    action_id TEXT NOT NULL REFERENCES actions (id),
                    invoice_number TEXT NOT NULL,
                    step_id TEXT NOT NULL,
                    PRIMARY KEY (action_id, invoice_number)
                )
                """,
                "CREATE INDEX action_invoices_invoice ON action_invoices (invoice_number)",
                """
                CREATE TABLE promises (
                    id \(identity),
                    invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
                    promised_date CHAR(10) NOT NULL,
                    amount_minor BIGINT,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                )
                """,
                "CREATE INDEX promises_invoice ON promises (invoice_number)",
                """
                CREATE TABLE disputes (
                    id \(identity),
                    invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
                    dispute_type TEXT NOT NULL,
                    note TEXT,
                    status TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                )
                """,
                "CREATE INDEX disputes_invoice ON disputes (invoice_number)",
                // Installation secrets (the link-signing key), created on first use, never logged.
                "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                """
                CREATE TABLE outbox (
                    id \(identity),
                    action_id TEXT NOT NULL UNIQUE REFERENCES actions (id),
                    message_id TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    text_body TEXT NOT NULL,
                    html_body TEXT NOT NULL,
                    list_unsubscribe TEXT,
                    in_reply_to TEXT,
                    customer_id TEXT,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at TEXT NOT NULL,
                    last_error TEXT,
                    claimed_by TEXT,
                    claimed_until TEXT,
                    sent_at TEXT
                )
                """,
                "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
            ]
        },
        .integrity,
        .postings,
        .lifecycles,
        .access,
        .bulkLoad,
        .workbench,
        .portal,
        .language,
        .inbox,
    ]

    /// Applies every migration not yet applied, or with `through` only those up to and including
    /// that one (tests rebuild an older ledger this way, to check the upgrade path).
    func migrate(through last: String? = nil) async throws {
        try await database.sql.raw("""
            CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
            """).run()
        let done = Set(try await database.fetch("SELECT name FROM schema_migrations").compactMap { row -> String? in
            if case .text(let name) = row[0] { return name }
            return nil
        })
        let wanted = last.flatMap { name in Self.migrations.firstIndex { $0.name == name } }.map { Array(Self.migrations[...$0]) } ?? Self.migrations
        for migration in wanted where !done.contains(migration.name) {
            let swapsTables = migration.foreignKeysOff && database.engine == .sqlite
            if swapsTables { try await database.execute("PRAGMA foreign_keys = OFF") }
            do {
                try await apply(migration, swapsTables: swapsTables)
            } catch {
                if swapsTables { try? await database.execute("PRAGMA foreign_keys = ON") }
                throw error
            }
            if swapsTables { try await database.execute("PRAGMA foreign_keys = ON") }
        }
    }

    /// One migration in its own transaction, skipped if another process applied it meanwhile.
    private func apply(_ migration: Migration, swapsTables: Bool) async throws {
        let name = migration.name
        let engine = database.engine
        let database = self.database
        try await database.transaction { sql in
            // Checked inside the transaction: a second process migrating at the same time waits, then skips.
            if engine == .postgres {
                try await sql.raw("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").run()
            }
            let applied = try await sql.raw("SELECT name FROM schema_migrations WHERE name = \(bind: name)").all()
            guard applied.isEmpty else { return }
            for statement in migration.statements(engine) {
                do {
                    try await sql.raw(SQLQueryString(statement)).run()
                } catch {
                    throw DatabaseError("migration \(name) failed at `\(statement.prefix(120))…`: \(String(reflecting: error)). The database was left as it was; a row that breaks one of the new rules must be corrected first.")
                }
            }
            if swapsTables {
                let broken = try await database.fetch("PRAGMA foreign_key_check")
                guard broken.isEmpty else {
                    throw DatabaseError("migration \(name): \(broken.count) row(s) name a record that does not exist (first: \(broken[0])); the database was left as it was")
                }
            }
            try await sql.raw("INSERT INTO schema_migrations (name, applied_at) VALUES (\(bind: name), \(bind: Timestamp.now()))").run()
        }
    }
}
