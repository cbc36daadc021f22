import ARAgent
import ARCore
import SQLKit

/// The workbench's reads: a customer's whole story and the filtered audit log, each from
/// indexed lookups (invoices by customer through `invoices_aging`, actions through
/// `actions_customer`, messages through `outbox_customer`, audit entries through
/// `audit_log_entity`), so a customer page costs the same whatever the ledger's size.
extension SQLLedgerStore: WorkbenchQueries {
    public func customerStory(_ id: CustomerID, limit: Int) async throws -> CustomerStory? {
        guard let customer = try await sql.raw("SELECT * FROM customers WHERE customer_id = \(bind: id.rawValue)").all().first.map(RowDecoding.customer) else {
            return nil
        }
        let key = SQLValue.text(id.rawValue), count = SQLValue.int(Int64(limit))
        // All of them: the page's balances and payment profile are computed from them.
        let invoices = try await sql.raw("""
            SELECT * FROM invoices WHERE customer_id = \(bind: id.rawValue) ORDER BY issue_date DESC, invoice_number DESC
            """).all().map(RowDecoding.invoice)
        let messages = try await database.fetch("""
            SELECT id, action_id, channel, recipient, subject, status, attempts, last_error, next_attempt_at, sent_at
            FROM outbox WHERE customer_id = ? ORDER BY id DESC LIMIT ?
            """, [key, count]).map(Self.storyMessage)
        let actions = try await database.fetch("SELECT \(Self.actionColumns) FROM actions WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                                               [key, count]).map(Self.storedAction)
        let payments = try await database.fetch("""
            SELECT \(Self.storyPaymentColumns)
            FROM allocations a JOIN invoices i ON i.invoice_number = a.invoice_number JOIN bank_transactions t ON t.id = a.transaction_id
            WHERE i.customer_id = ? ORDER BY a.id DESC LIMIT ?
            """, [key, count]).map(Self.storyPayment)
        let ofCustomer = "IN (SELECT invoice_number FROM invoices WHERE customer_id = ?)"
        let promises = try await Self.promiseRows(where: "p.invoice_number \(ofCustomer)", [key], in: database)
        let disputes = try await Self.disputeRows(where: "d.invoice_number \(ofCustomer)", [key], in: database)
        let holds = try await Self.holdRows(where: "h.customer_id = ? OR h.invoice_number \(ofCustomer)", [key, key], in: database)
        let audit = try await database.fetch("""
            SELECT id, occurred_at, actor, entity, entity_id, action, details FROM audit_log
            WHERE (entity = 'customer' AND entity_id = ?)
               OR (entity = 'invoice' AND entity_id \(ofCustomer))
               OR (entity = 'action' AND entity_id IN (SELECT id FROM actions WHERE customer_id = ?))
            ORDER BY id DESC LIMIT ?
            """, [key, key, key, count]).map(Self.auditEntry)
        return CustomerStory(customer: customer, invoices: invoices, invoiceCount: invoices.count, messages: messages, actions: actions,
                             payments: payments, promises: Array(promises.reversed().prefix(limit)),
                             disputes: Array(disputes.reversed().prefix(limit)), holds: Array(holds.reversed().prefix(limit)), audit: audit,
                             signals: try await signals(customer: id, limit: limit), attachments: try await attachments(customer: id))
    }

    public func payments(invoice: InvoiceNumber) async throws -> [StoryPayment] {
        try await database.fetch("""
            SELECT \(Self.storyPaymentColumns)
            FROM allocations a JOIN bank_transactions t ON t.id = a.transaction_id
            WHERE a.invoice_number = ? ORDER BY a.id DESC
            """, [.text(invoice.rawValue)]).map(Self.storyPayment)
    }

    public func auditPage(_ filter: AuditFilter, limit: Int) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let entity = filter.entity { conditions.append("entity = ?"); binds.append(.text(entity.rawValue)) }
        if let entityID = filter.entityID { conditions.append("entity_id = ?"); binds.append(.text(entityID)) }
        if let actor = filter.actor { conditions.append("actor = ?"); binds.append(.text(actor)) }
        if let before = filter.before { conditions.append("id < ?"); binds.append(.int(before)) }
        binds.append(.int(Int64(limit)))
        return try await database.fetch("""
            SELECT id, occurred_at, actor, entity, entity_id, action, details FROM audit_log
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?
            """, binds).map(Self.auditEntry)
    }

    public func changeMark() async throws -> String {
        let rows = try await database.fetch("SELECT MAX(id), COUNT(*) FROM audit_log")
        guard let row = rows.first, row.count == 2 else { return "0:0" }
        func number(_ value: SQLValue) -> Int64 { if case .int(let n) = value { n } else { 0 } }
        return "\(number(row[0])):\(number(row[1]))"
    }

    public func actionCounts() async throws -> [ActionStatus: Int] {
        var counts: [ActionStatus: Int] = [:]
        for row in try await database.fetch("SELECT status, COUNT(*) FROM actions GROUP BY status") {
            let read = RecordRow(row, table: "actions")
            counts[try read.status(0, ActionStatus.self)] = Int(try read.int(1))
        }
        return counts
    }

    public func cashPosition() async throws -> CashPosition {
        var unapplied: [Currency: Int64] = [:]
        var review = 0, unmatched = 0
        for row in try await database.fetch("""
            SELECT status, currency, unapplied_minor FROM bank_transactions WHERE status IN ('unmatched', 'review', 'partially_applied')
            """) {
            let read = RecordRow(row, table: "bank_transactions")
            let status = try read.text(0), currency = try read.currency(1)
            if status == "review" { review += 1 } else if status == "unmatched" { unmatched += 1 }
            let (sum, overflow) = unapplied[currency, default: 0].addingReportingOverflow(try read.int(2))
            guard !overflow else { throw DatabaseError("the unapplied cash in \(currency.code) does not fit in 64 bits; a bank line holds an impossible amount") }
            unapplied[currency] = sum
        }
        // Two counts in one pass; no GROUP BY on a bound expression (PostgreSQL takes two
        // parameters as two different expressions).
        let decided = try await database.fetch("""
            SELECT COUNT(DISTINCT CASE WHEN a.decided_by = ? THEN a.transaction_id END),
                   COUNT(DISTINCT CASE WHEN a.decided_by <> ? THEN a.transaction_id END)
            FROM allocations a WHERE a.reverses IS NULL
            """, [.text(Self.cashApplicationAgent), .text(Self.cashApplicationAgent)])
        var automatic = 0, people = 0
        if let row = decided.first {
            let read = RecordRow(row, table: "allocations")
            automatic = Int(try read.int(0))
            people = Int(try read.int(1))
        }
        return CashPosition(unapplied: unapplied.sorted { $0.key.code < $1.key.code }.map { Money(minorUnits: $0.value, currency: $0.key) },
                            waitingForReview: review, unmatched: unmatched, appliedAutomatically: automatic, appliedByPeople: people)
    }

    /// The actor cash application's automatic postings carry (``StatementImportService``'s default).
    static let cashApplicationAgent = "agent"

    public func contactedCustomers(since: CalendarDate) async throws -> Set<CustomerID> {
        Set(try await database.fetch("SELECT DISTINCT customer_id FROM outbox WHERE status = 'sent' AND sent_at >= ? AND customer_id IS NOT NULL",
                                     [.text(since.iso)]).map { row in CustomerID(try RecordRow(row, table: "outbox").text(0)) })
    }

    public func addNote(customer: CustomerID, text: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard !(try await database.fetch("SELECT 1 FROM customers WHERE customer_id = ?", [.text(customer.rawValue)])).isEmpty else {
                throw CashApplicationError("there is no customer '\(customer)'; nothing was noted")
            }
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            audit.add(.customer, customer.rawValue, CustomerTimeline.noteAction, text)
            try await audit.write(to: database)
        }
    }

    static let storyPaymentColumns = """
        a.id, a.transaction_id, a.invoice_number, a.currency, a.amount_minor, a.adjustment_minor, a.adjustment_reason, a.confidence, \
        a.decided_by, a.created_at, a.reverses, a.reason, t.value_date, t.payer_name, t.remittance
        """

    static func storyPayment(_ row: [SQLValue]) throws -> StoryPayment {
        let read = RecordRow(row, table: "allocations")
        guard let day = try read.optionalDate(12) else { throw read.error(12, "not a value date") }
        return StoryPayment(allocation: try allocation(row), valueDate: day, payerName: read.optionalText(13), remittance: read.optionalText(14))
    }

    static func storyMessage(_ row: [SQLValue]) throws -> StoryMessage {
        let read = RecordRow(row, table: "outbox")
        guard let channel = DeliveryChannel(rawValue: try read.text(2)) else { throw read.error(2, "not a delivery channel") }
        return StoryMessage(id: try read.int(0), actionID: try read.text(1), channel: channel,
                            recipients: (read.optionalText(3) ?? "").split(separator: ",").map(String.init), subject: read.optionalText(4) ?? "",
                            status: try read.text(5), attempts: Int(try read.int(6)), lastError: read.optionalText(7),
                            nextAttemptAt: read.optionalText(8) ?? "", sentAt: read.optionalText(9))
    }

    /// An audit row read as `id, occurred_at, actor, entity, entity_id, action, details`.
    static func auditEntry(_ row: [SQLValue]) throws -> AuditEntry {
        let read = RecordRow(row, table: "audit_log")
        guard let entity = AuditEvent.Entity(rawValue: try read.text(3)) else { throw read.error(3, "not an audited entity") }
        return AuditEntry(id: try read.int(0), occurredAt: try read.text(1),
                          event: AuditEvent(entity: entity, entityID: try read.text(4), action: try read.text(5), actor: try read.text(2),
                                            details: try read.text(6)))
    }
}
