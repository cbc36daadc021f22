/// Migration 013: the inbox. Each message read from the mailbox is stored once, by its
/// Message-ID (unique: two processes reading one mailbox store it once, and act on it once,
/// since the acting happens in the transaction that stores it), with how it was read (the
/// customer and action it was tied to and how, the label, the confidence, the guesses) and
/// what was done about it.
extension Migration {
    static let inbox = Migration(name: "2026-12-03-013-inbox") { engine in
        let identity = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        return [
            """
            CREATE TABLE inbound_messages (
                id \(identity),
                message_id TEXT NOT NULL UNIQUE,
                received_at TEXT NOT NULL,
                sender TEXT,
                subject TEXT,
                kind TEXT NOT NULL CONSTRAINT inbound_kind CHECK (kind IN ('reply', 'bounce', 'auto_reply')),
                customer_id TEXT REFERENCES customers (customer_id),
                threaded_by TEXT,
                action_id TEXT,
                invoice_numbers TEXT NOT NULL,
                label TEXT,
                confidence_permille INTEGER CONSTRAINT inbound_confidence CHECK (confidence_permille BETWEEN 0 AND 1000),
                guesses TEXT,
                promise_date CHAR(10),
                status TEXT NOT NULL CONSTRAINT inbound_status CHECK (status IN ('acted', 'needs_person', 'ignored')),
                outcome TEXT NOT NULL,
                visible_text TEXT NOT NULL
            )
            """,
            "CREATE INDEX inbound_status ON inbound_messages (status, id)",
            "CREATE INDEX inbound_customer ON inbound_messages (customer_id)",
        ]
    }
}
