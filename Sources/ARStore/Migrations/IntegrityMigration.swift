/// Migration 004: the ERP's facts and ARAgent's records kept apart, and the money invariants
/// enforced by the database itself.
///
/// - `invoices` gains the ERP's own figures (`erp_open_minor`, `erp_paid_date`, `erp_disputed`,
///   `erp_status`), which imports write; `open_amount_minor`, `paid_date`, `disputed` and
///   `status` become derived state that only ``LedgerState`` writes (see `OpenAmountRule`).
/// - Lifecycles get their columns: dispute outcomes, promise statuses, holds, unsubscribes,
///   adjustments (write-offs, credit notes), allocations the ERP has reflected.
/// - CHECK constraints (non-negative amounts, statuses from closed sets), UNIQUE for what happens
///   once (one reversal per allocation, one outbox row per action and channel, one open dispute
///   per invoice), foreign keys wherever a row names another, and indexes for the planner's and
///   the outbox's queries.
///
/// SQLite cannot add a constraint to a table, so there every table is rebuilt (the documented
/// twelve-step procedure: new table, copy, drop, rename, with foreign keys off for the swap);
/// PostgreSQL alters the tables in place. Both end with the same rules, which the contract tests
/// check by trying to break each on both engines.
extension Migration {
    static let integrity = Migration(name: "2026-12-02-004-integrity", foreignKeysOff: true) { engine in
        engine == .sqlite ? IntegritySchema.sqlite : IntegritySchema.postgres
    }
}

enum IntegritySchema {
    // MARK: Closed sets, written once for both engines.
    static let invoiceChecks = [
        "invoices_amount CHECK (amount_minor >= 0)",
        "invoices_erp_open CHECK (erp_open_minor >= 0 AND erp_open_minor <= amount_minor)",
        "invoices_open CHECK (open_amount_minor >= 0 AND open_amount_minor <= amount_minor)",
        "invoices_status CHECK (status IN ('open', 'paid') AND erp_status IN ('open', 'paid'))",
        "invoices_dates CHECK (due_date >= issue_date AND (erp_paid_date IS NULL OR erp_paid_date >= issue_date))",
        "invoices_currency CHECK (length(currency) = 3)",
    ]
    static let customerChecks = [
        "customers_amounts CHECK ((credit_limit_minor IS NULL OR credit_limit_minor >= 0) AND (annual_revenue_minor IS NULL OR annual_revenue_minor >= 0))",
        "customers_terms CHECK (payment_terms_days IS NULL OR payment_terms_days >= 0)",
        "customers_parent CHECK (parent_customer_id IS NULL OR parent_customer_id <> customer_id)",
    ]
    static let receiptChecks = ["historical_receipts_amount CHECK (amount_minor > 0)"]
    static let bankChecks = [
        "bank_transactions_amount CHECK (amount_minor > 0 AND unapplied_minor >= 0 AND unapplied_minor <= amount_minor)",
        "bank_transactions_status CHECK (status IN ('new', 'unmatched', 'review', 'applied', 'partially_applied', 'rejected'))",
    ]
    static let allocationChecks = [
        "allocations_sign CHECK ((reverses IS NULL AND amount_minor > 0 AND adjustment_minor >= 0) OR (reverses IS NOT NULL AND amount_minor < 0 AND adjustment_minor <= 0))",
        "allocations_adjustment CHECK (adjustment_reason IS NULL OR adjustment_reason IN ('bank_fee', 'early_payment_discount', 'short_payment'))",
    ]
    static let suggestionChecks = ["review_suggestions_amount CHECK (rank >= 1 AND amount_minor > 0 AND adjustment_minor >= 0)"]
    static let actionChecks = [
        "actions_status CHECK (status IN ('proposed', 'approved', 'rejected', 'executed', 'failed', 'cancelled'))",
        "actions_kind CHECK (kind IN ('reminder', 'final_notice', 'demand_letter', 'collections_referral', 'call_task', 'credit_hold', 'dispute_case', 'promise_follow_up'))",
        "actions_channel CHECK (channel IN ('email', 'letter', 'sms', 'call', 'none'))",
        "actions_total CHECK (total_minor >= 0)",
    ]
    static let promiseChecks = [
        "promises_status CHECK (status IN ('open', 'kept', 'broken', 'cancelled'))",
        "promises_amount CHECK (amount_minor IS NULL OR amount_minor > 0)",
    ]
    static let disputeChecks = [
        "disputes_status CHECK (status IN ('open', 'resolved') AND ((status = 'open') = (outcome IS NULL)))",
        "disputes_outcome CHECK (outcome IS NULL OR outcome IN ('credit_note', 'rebill', 'write_off', 'rejected', 'erp_cleared'))",
    ]
    static let outboxChecks = [
        "outbox_status CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled'))",
        "outbox_channel CHECK (channel IN ('email', 'sms', 'letter'))",
        "outbox_attempts CHECK (attempts >= 0)",
    ]

    /// Tables that exist only from this migration on, the same on both engines but for identity columns.
    static func newTables(identity: String) -> [String] {
        [
            """
            CREATE TABLE holds (
                id \(identity),
                customer_id TEXT REFERENCES customers (customer_id),
                invoice_number TEXT REFERENCES invoices (invoice_number),
                reason TEXT NOT NULL,
                until_date CHAR(10),
                status TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                released_at TEXT,
                released_by TEXT,
                release_note TEXT,
                CONSTRAINT holds_target CHECK ((customer_id IS NULL) <> (invoice_number IS NULL)),
                CONSTRAINT holds_status CHECK (status IN ('active', 'released') AND ((status = 'released') = (released_at IS NOT NULL))),
                CONSTRAINT holds_reason CHECK (length(reason) > 0)
            )
            """,
            "CREATE INDEX holds_customer ON holds (customer_id) WHERE status = 'active'",
            "CREATE INDEX holds_invoice ON holds (invoice_number) WHERE status = 'active'",
            """
            CREATE TABLE unsubscribes (
                customer_id TEXT NOT NULL REFERENCES customers (customer_id),
                channel TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                PRIMARY KEY (customer_id, channel),
                CONSTRAINT unsubscribes_channel CHECK (channel IN ('email', 'sms'))
            )
            """,
            """
            CREATE TABLE invoice_adjustments (
                id \(identity),
                invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
                kind TEXT NOT NULL,
                currency CHAR(3) NOT NULL,
                amount_minor BIGINT NOT NULL,
                reason TEXT NOT NULL,
                dispute_id BIGINT REFERENCES disputes (id),
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                erp_reflected_at TEXT,
                erp_reflected_by TEXT,
                CONSTRAINT invoice_adjustments_kind CHECK (kind IN ('write_off', 'credit_note')),
                CONSTRAINT invoice_adjustments_amount CHECK (amount_minor > 0)
            )
            """,
            "CREATE INDEX invoice_adjustments_invoice ON invoice_adjustments (invoice_number)",
        ]
    }

    /// Indexes for the planner, the outbox and the one-per-thing rules, the same on both engines.
    static let indexes = [
        // Older ledgers may hold two disputes on one invoice: the newest stays open.
        """
        UPDATE disputes SET status = 'resolved', outcome = 'rejected', resolved_at = created_at, resolved_by = 'migration',
            resolution_note = 'superseded by a later dispute on the same invoice'
        WHERE status = 'open' AND EXISTS (SELECT 1 FROM disputes later WHERE later.invoice_number = disputes.invoice_number
                                          AND later.status = 'open' AND later.id > disputes.id)
        """,
        "CREATE INDEX invoices_open ON invoices (customer_id) WHERE status = 'open'",
        "CREATE UNIQUE INDEX allocations_one_reversal ON allocations (reverses)",
        "CREATE INDEX allocations_unreflected ON allocations (invoice_number) WHERE erp_reflected_at IS NULL",
        "CREATE UNIQUE INDEX disputes_one_open ON disputes (invoice_number) WHERE status = 'open'",
        "CREATE INDEX promises_open ON promises (invoice_number) WHERE status = 'open'",
        "CREATE INDEX outbox_claims ON outbox (status, claimed_until)",
        "CREATE INDEX actions_customer ON actions (customer_id)",
        "CREATE INDEX historical_receipts_customer ON historical_receipts (customer_id)",
    ]

    /// The ERP's figures as they were before ARAgent applied cash: what ARAgent applied is
    /// added back to the open amount (all earlier allocations count as not yet in the ERP).
    static let erpOpenBackfill = """
        MIN(amount_minor, open_amount_minor + COALESCE((SELECT SUM(a.amount_minor + a.adjustment_minor) FROM allocations a WHERE a.invoice_number = invoices.invoice_number), 0))
        """

    static func constraints(_ list: [String]) -> String {
        list.map { ",\n    CONSTRAINT \($0)" }.joined()
    }

    // MARK: SQLite: rebuild every table that gains a constraint.
    static var sqlite: [String] {
        let identity = "INTEGER PRIMARY KEY AUTOINCREMENT"
        let batch = "REFERENCES import_batches (id)"
        var statements: [String] = []
        func rebuild(_ table: String, _ definition: String, columns: String, select: String? = nil, indexes: [String] = []) {
            statements.append("CREATE TABLE \(table)_new (\n\(definition)\n)\(table == "invoices" ? " WITHOUT ROWID" : "")")
            statements.append("INSERT INTO \(table)_new (\(columns)) SELECT \(select ?? columns) FROM \(table)")
            statements.append("DROP TABLE \(table)")
            statements.append("ALTER TABLE \(table)_new RENAME TO \(table)")
            statements += indexes
        }
        rebuild("customers", """
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
            parent_customer_id TEXT REFERENCES customers (customer_id) DEFERRABLE INITIALLY DEFERRED,
            account_owner TEXT,
            time_zone TEXT,
            placeholder BOOLEAN NOT NULL,
            content_hash BIGINT NOT NULL,
            import_id BIGINT \(batch)\(constraints(customerChecks))
            """, columns: "customer_id, name, email, phone, payment_terms_days, credit_limit_minor, currency, amounts_currency, key_account, annual_revenue_minor, parent_customer_id, account_owner, time_zone, placeholder, content_hash, import_id")
        rebuild("invoices", """
            invoice_number TEXT PRIMARY KEY,
            customer_id TEXT NOT NULL REFERENCES customers (customer_id),
            issue_date CHAR(10) NOT NULL,
            due_date CHAR(10) NOT NULL,
            currency CHAR(3) NOT NULL,
            amount_minor BIGINT NOT NULL,
            erp_open_minor BIGINT NOT NULL,
            po_number TEXT,
            erp_paid_date CHAR(10),
            erp_disputed BOOLEAN NOT NULL,
            erp_status TEXT NOT NULL,
            open_amount_minor BIGINT NOT NULL,
            paid_date CHAR(10),
            disputed BOOLEAN NOT NULL,
            status TEXT NOT NULL,
            content_hash BIGINT NOT NULL,
            import_id BIGINT \(batch)\(constraints(invoiceChecks))
            """,
            columns: "invoice_number, customer_id, issue_date, due_date, currency, amount_minor, erp_open_minor, po_number, erp_paid_date, erp_disputed, erp_status, open_amount_minor, paid_date, disputed, status, content_hash, import_id",
            select: """
                invoice_number, customer_id, issue_date, due_date, currency, amount_minor, \(erpOpenBackfill),
                po_number,
                CASE WHEN EXISTS (SELECT 1 FROM allocations a WHERE a.invoice_number = invoices.invoice_number) THEN NULL ELSE paid_date END,
                disputed AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_number = invoices.invoice_number),
                CASE WHEN EXISTS (SELECT 1 FROM allocations a WHERE a.invoice_number = invoices.invoice_number) THEN
                    (CASE WHEN \(erpOpenBackfill) = 0 THEN 'paid' ELSE 'open' END) ELSE status END,
                open_amount_minor, paid_date, disputed, status, content_hash, import_id
                """,
            indexes: ["CREATE INDEX invoices_aging ON invoices (customer_id, currency, due_date, issue_date, paid_date, open_amount_minor, amount_minor)"])
        rebuild("historical_receipts", """
            transaction_id TEXT PRIMARY KEY,
            value_date CHAR(10) NOT NULL,
            currency CHAR(3) NOT NULL,
            amount_minor BIGINT NOT NULL,
            payer_name TEXT,
            payer_account TEXT,
            remittance TEXT,
            customer_id TEXT NOT NULL REFERENCES customers (customer_id),
            invoice_numbers TEXT NOT NULL,
            content_hash BIGINT NOT NULL,
            import_id BIGINT \(batch)\(constraints(receiptChecks))
            """, columns: "transaction_id, value_date, currency, amount_minor, payer_name, payer_account, remittance, customer_id, invoice_numbers, content_hash, import_id")
        rebuild("bank_transactions", """
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
            import_id BIGINT \(batch)\(constraints(bankChecks))
            """, columns: "id, natural_key, format, account_id, statement_id, bank_reference, booking_date, value_date, currency, amount_minor, payer_name, payer_account, remittance, structured_references, status, unapplied_minor, summary, import_id",
            indexes: ["CREATE INDEX bank_transactions_status ON bank_transactions (status)"])
        rebuild("allocations", """
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
            reverses BIGINT REFERENCES allocations (id),
            reason TEXT NOT NULL,
            erp_reflected_at TEXT,
            erp_reflected_by TEXT\(constraints(allocationChecks))
            """, columns: "id, transaction_id, invoice_number, currency, amount_minor, adjustment_minor, adjustment_reason, confidence, decided_by, created_at, reverses, reason",
            indexes: ["CREATE INDEX allocations_transaction ON allocations (transaction_id)", "CREATE INDEX allocations_invoice ON allocations (invoice_number)"])
        rebuild("review_suggestions", """
            transaction_id BIGINT NOT NULL REFERENCES bank_transactions (id),
            rank INTEGER NOT NULL,
            invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
            amount_minor BIGINT NOT NULL,
            adjustment_minor BIGINT NOT NULL,
            adjustment_reason TEXT,
            confidence INTEGER NOT NULL,
            reasons TEXT NOT NULL\(constraints(suggestionChecks))
            """, columns: "transaction_id, rank, invoice_number, amount_minor, adjustment_minor, adjustment_reason, confidence, reasons",
            indexes: ["CREATE INDEX review_suggestions_transaction ON review_suggestions (transaction_id)"])
        rebuild("actions", """
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
            note TEXT\(constraints(actionChecks))
            """, columns: "id, kind, step_id, customer_id, invoice_numbers, currency, total_minor, channel, template, tone, requires_approval, status, reason, policy_version, planned_for, created_at, decided_by, decided_at, note",
            indexes: ["CREATE INDEX actions_status ON actions (status)"])
        rebuild("action_invoices", """
            action_id TEXT NOT NULL REFERENCES actions (id),
            invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
            step_id TEXT NOT NULL,
            PRIMARY KEY (action_id, invoice_number)
            """, columns: "action_id, invoice_number, step_id",
            indexes: ["CREATE INDEX action_invoices_invoice ON action_invoices (invoice_number)"])
        rebuild("promises", """
            id \(identity),
            invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
            promised_date CHAR(10) NOT NULL,
            amount_minor BIGINT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            closed_at TEXT,
            closed_by TEXT,
            close_note TEXT\(constraints(promiseChecks))
            """, columns: "id, invoice_number, promised_date, amount_minor, created_at, created_by",
            indexes: ["CREATE INDEX promises_invoice ON promises (invoice_number)"])
        rebuild("disputes", """
            id \(identity),
            invoice_number TEXT NOT NULL REFERENCES invoices (invoice_number),
            dispute_type TEXT NOT NULL,
            note TEXT,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            outcome TEXT,
            resolved_at TEXT,
            resolved_by TEXT,
            resolution_note TEXT\(constraints(disputeChecks))
            """, columns: "id, invoice_number, dispute_type, note, status, created_at, created_by",
            select: "id, invoice_number, dispute_type, note, 'open', created_at, created_by",
            indexes: ["CREATE INDEX disputes_invoice ON disputes (invoice_number)"])
        rebuild("outbox", """
            id \(identity),
            action_id TEXT NOT NULL REFERENCES actions (id),
            channel TEXT NOT NULL DEFAULT 'email',
            message_id TEXT NOT NULL,
            recipient TEXT NOT NULL,
            subject TEXT NOT NULL,
            text_body TEXT NOT NULL,
            html_body TEXT NOT NULL,
            list_unsubscribe TEXT,
            in_reply_to TEXT,
            customer_id TEXT REFERENCES customers (customer_id),
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            claimed_by TEXT,
            claimed_until TEXT,
            claim_token TEXT,
            sent_at TEXT,
            UNIQUE (action_id, channel)\(constraints(outboxChecks))
            """, columns: "id, action_id, message_id, recipient, subject, text_body, html_body, list_unsubscribe, in_reply_to, customer_id, status, attempts, next_attempt_at, last_error, claimed_by, claimed_until, sent_at",
            indexes: ["CREATE INDEX outbox_due ON outbox (status, next_attempt_at)"])
        // historical_receipts_customer was created by migration 001 and dropped with its table.
        statements += newTables(identity: identity) + indexes + afterRebuild
        return statements
    }

    // MARK: PostgreSQL: alter in place.
    static var postgres: [String] {
        let identity = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        func add(_ table: String, _ checks: [String]) -> [String] { checks.map { "ALTER TABLE \(table) ADD CONSTRAINT \($0)" } }
        let pgBackfill = erpOpenBackfill.replacingOccurrences(of: "MIN(", with: "LEAST(")
        var statements = [
            "ALTER TABLE invoices ADD COLUMN erp_open_minor BIGINT, ADD COLUMN erp_paid_date CHAR(10), ADD COLUMN erp_disputed BOOLEAN, ADD COLUMN erp_status TEXT",
            """
            UPDATE invoices SET erp_open_minor = \(pgBackfill),
                erp_paid_date = CASE WHEN EXISTS (SELECT 1 FROM allocations a WHERE a.invoice_number = invoices.invoice_number) THEN NULL ELSE paid_date END,
                erp_disputed = disputed AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_number = invoices.invoice_number),
                erp_status = CASE WHEN EXISTS (SELECT 1 FROM allocations a WHERE a.invoice_number = invoices.invoice_number) THEN
                    (CASE WHEN \(pgBackfill) = 0 THEN 'paid' ELSE 'open' END) ELSE status END
            """,
            "ALTER TABLE invoices ALTER COLUMN erp_open_minor SET NOT NULL, ALTER COLUMN erp_disputed SET NOT NULL, ALTER COLUMN erp_status SET NOT NULL",
            "ALTER TABLE allocations ADD COLUMN erp_reflected_at TEXT, ADD COLUMN erp_reflected_by TEXT",
            "ALTER TABLE promises ADD COLUMN status TEXT NOT NULL DEFAULT 'open', ADD COLUMN closed_at TEXT, ADD COLUMN closed_by TEXT, ADD COLUMN close_note TEXT",
            "UPDATE disputes SET status = 'open'",
            "ALTER TABLE disputes ADD COLUMN outcome TEXT, ADD COLUMN resolved_at TEXT, ADD COLUMN resolved_by TEXT, ADD COLUMN resolution_note TEXT",
            "ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email', ADD COLUMN claim_token TEXT",
            "ALTER TABLE outbox DROP CONSTRAINT outbox_action_id_key",
            "ALTER TABLE outbox ADD CONSTRAINT outbox_action_channel UNIQUE (action_id, channel)",
            "ALTER TABLE customers ADD CONSTRAINT customers_parent_fk FOREIGN KEY (parent_customer_id) REFERENCES customers (customer_id) DEFERRABLE INITIALLY DEFERRED",
            "ALTER TABLE historical_receipts ADD CONSTRAINT historical_receipts_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (customer_id)",
            "ALTER TABLE allocations ADD CONSTRAINT allocations_reverses_fk FOREIGN KEY (reverses) REFERENCES allocations (id)",
            "ALTER TABLE review_suggestions ADD CONSTRAINT review_suggestions_invoice_fk FOREIGN KEY (invoice_number) REFERENCES invoices (invoice_number)",
            "ALTER TABLE action_invoices ADD CONSTRAINT action_invoices_invoice_fk FOREIGN KEY (invoice_number) REFERENCES invoices (invoice_number)",
            "ALTER TABLE outbox ADD CONSTRAINT outbox_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (customer_id)",
            "DROP INDEX historical_receipts_customer",
        ]
        for table in ["customers", "invoices", "historical_receipts", "bank_transactions"] {
            statements.append("ALTER TABLE \(table) ADD CONSTRAINT \(table)_import_fk FOREIGN KEY (import_id) REFERENCES import_batches (id)")
        }
        statements += add("customers", customerChecks) + add("invoices", invoiceChecks) + add("historical_receipts", receiptChecks)
            + add("bank_transactions", bankChecks) + add("allocations", allocationChecks) + add("review_suggestions", suggestionChecks)
            + add("actions", actionChecks) + add("promises", promiseChecks) + add("disputes", disputeChecks) + add("outbox", outboxChecks)
        return statements + newTables(identity: identity) + indexes + afterRebuild
    }

    /// Runs on both engines once the tables have their final shape.
    static let afterRebuild = [
        // Invoices the ERP flagged as disputed get a dispute record: from now on a dispute has one
        // lifecycle, whoever opened it.
        """
        INSERT INTO disputes (invoice_number, dispute_type, note, status, created_at, created_by)
        SELECT invoice_number, 'unspecified', 'flagged as disputed in the ERP export', 'open', '2026-12-02T00:00:00.000Z', 'erp'
        FROM invoices WHERE erp_disputed AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_number = invoices.invoice_number)
        """,
    ]
}
