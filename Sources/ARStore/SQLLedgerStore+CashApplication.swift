import ARAgent
import ARCore
import SQLKit

extension SQLLedgerStore: CashApplicationStore {
    private static let transactionColumns = "id, natural_key, format, account_id, statement_id, bank_reference, booking_date, value_date, currency, amount_minor, payer_name, payer_account, remittance, structured_references, status, unapplied_minor, summary"

    public func storeStatement(_ lines: [NewBankTransaction], source: String, fingerprint: String, actor: String) async throws
        -> (stored: [StoredBankTransaction], duplicates: Int)
    {
        let database = self.database
        return try await database.transaction { sql in
            var known = Set<String>()
            for chunk in lines.map(\.naturalKey).chunked(900) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                for row in try await database.fetch("SELECT natural_key FROM bank_transactions WHERE natural_key IN (\(marks))", chunk.map { .text($0) }) {
                    if case .text(let key) = row[0] { known.insert(key) }
                }
            }
            var seen = Set<String>()
            let fresh = lines.filter { !known.contains($0.naturalKey) && seen.insert($0.naturalKey).inserted }
            guard !fresh.isEmpty else { return ([], lines.count) }
            let now = Timestamp.now()
            let importID = try await sql.raw("""
                INSERT INTO import_batches (kind, source, fingerprint, actor, imported_at, records, inserted, updated, unchanged, created_customers)
                VALUES ('statement', \(bind: source), \(bind: fingerprint), \(bind: actor), \(bind: now), \(bind: lines.count),
                        \(bind: fresh.count), 0, \(bind: lines.count - fresh.count), 0)
                RETURNING id
                """).first(decoding: ImportedID.self)?.id
            try await database.insertRows(
                into: "bank_transactions",
                columns: ["natural_key", "format", "account_id", "statement_id", "bank_reference", "booking_date", "value_date", "currency",
                          "amount_minor", "payer_name", "payer_account", "remittance", "structured_references", "status", "unapplied_minor",
                          "summary", "import_id"],
                count: fresh.count) { index in
                    let line = fresh[index], payment = line.payment
                    return [.text(line.naturalKey), .text(line.format), .optional(line.accountID), .optional(line.statementID),
                            .optional(line.bankReference), .optional(line.bookingDate?.iso), .text(payment.valueDate.iso),
                            .text(payment.amount.currency.code), .int(payment.amount.minorUnits), .optional(payment.payerName),
                            .optional(payment.payerAccount), .optional(payment.remittance), .text(payment.references.joined(separator: "\u{1F}")),
                            .text(TransactionStatus.unmatched.rawValue), .int(payment.amount.minorUnits), .text("not yet matched"), .optional(importID)]
                }
            var audit = AuditWriter(now: now, actor: actor, importID: importID)
            audit.add(.importBatch, String(importID ?? 0), "imported",
                      "statement from \(source) (fingerprint \(fingerprint)): \(fresh.count) new transactions, \(lines.count - fresh.count) already in the ledger")
            try await audit.write(to: database)
            let marks = Array(repeating: "?", count: min(fresh.count, 900)).joined(separator: ", ")
            var stored: [StoredBankTransaction] = []
            for chunk in fresh.map(\.naturalKey).chunked(900) {
                let placeholders = chunk.count == min(fresh.count, 900) ? marks : Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                stored += try await database.fetch("SELECT \(Self.transactionColumns) FROM bank_transactions WHERE natural_key IN (\(placeholders)) ORDER BY id",
                                                   chunk.map { .text($0) }).map(Self.storedTransaction)
            }
            return (stored.sorted { $0.id < $1.id }, lines.count - fresh.count)
        }
    }

    private struct ImportedID: Decodable { let id: Int64 }

    public func matchingInputs() async throws -> (customers: [Customer], openInvoices: [Invoice], history: [HistoricalReceipt]) {
        let customers = try await self.customers()
        let invoices = try await database.fetch("""
            SELECT invoice_number, customer_id, issue_date, due_date, currency, amount_minor, open_amount_minor, po_number
            FROM invoices WHERE open_amount_minor > 0 AND paid_date IS NULL
            """).map { row -> Invoice in
                guard case .text(let number) = row[0], case .text(let customer) = row[1], case .text(let issued) = row[2],
                      case .text(let due) = row[3], case .text(let code) = row[4], case .int(let amount) = row[5], case .int(let open) = row[6],
                      let issue = CalendarDate(iso: issued), let dueDate = CalendarDate(iso: due), let currency = Currency(code: code) else {
                    throw DatabaseError("an open invoice cannot be read for matching (a date, currency or amount is not valid): \(row)")
                }
                var po: String?
                if case .text(let text) = row[7] { po = text }
                return Invoice(number: InvoiceNumber(number), customerID: CustomerID(customer), issueDate: issue, dueDate: dueDate,
                               amount: Money(minorUnits: amount, currency: currency), openAmount: Money(minorUnits: open, currency: currency), poNumber: po)
            }
        var history = try await historicalReceipts()
        // Applied transactions teach as imported history does: this account and name paid that customer.
        let learned = try await database.fetch("""
            SELECT t.id, t.value_date, t.currency, t.amount_minor, t.payer_name, t.payer_account, t.remittance, MIN(i.customer_id), MIN(a.invoice_number)
            FROM bank_transactions t JOIN allocations a ON a.transaction_id = t.id JOIN invoices i ON i.invoice_number = a.invoice_number
            WHERE t.status IN ('applied', 'partially_applied') AND a.reverses IS NULL
            GROUP BY t.id, t.value_date, t.currency, t.amount_minor, t.payer_name, t.payer_account, t.remittance
            """)
        for row in learned {
            guard case .int(let id) = row[0], case .text(let date) = row[1], case .text(let code) = row[2], case .int(let amount) = row[3],
                  case .text(let customer) = row[7], case .text(let invoice) = row[8], let day = CalendarDate(iso: date),
                  let currency = Currency(code: code) else { throw DatabaseError("an applied bank transaction cannot be read to learn from: \(row)") }
            func text(_ value: SQLValue) -> String? { if case .text(let t) = value { return t }; return nil }
            history.append(HistoricalReceipt(
                payment: Payment(id: PaymentID("ledger-\(id)"), valueDate: day, amount: Money(minorUnits: amount, currency: currency),
                                 payerName: text(row[4]), payerAccount: text(row[5]), remittance: text(row[6]), customerID: CustomerID(customer)),
                customerID: CustomerID(customer), invoiceNumbers: [InvoiceNumber(invoice)]))
        }
        return (customers, invoices, history)
    }

    public func record(_ decisions: [(transactionID: Int64, decision: MatchDecision)], actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            let now = Timestamp.now()
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            for (id, decision) in decisions {
                if let proposal = decision.applied {
                    do {
                        try await self.post(proposal, transactionID: id, payment: decision.payment, decidedBy: actor,
                                            reason: proposal.reasons.joined(separator: "; "), now: now, audit: &audit)
                        continue
                    } catch let conflict as CashApplicationError {
                        // The ledger moved since the decision: a person looks instead.
                        try await self.queue(id, proposals: decision.proposals, summary: "not posted: \(conflict.description)", audit: &audit)
                        continue
                    }
                }
                if decision.outcome == .review {
                    try await self.queue(id, proposals: decision.proposals, summary: decision.summary, audit: &audit)
                } else {
                    try await database.execute("UPDATE bank_transactions SET status = ?, summary = ? WHERE id = ?",
                                               [.text(TransactionStatus.unmatched.rawValue), .text(decision.summary), .int(id)])
                    audit.add(.payment, String(id), "unmatched", decision.summary)
                }
            }
            try await audit.write(to: database)
        }
    }

    private func queue(_ id: Int64, proposals: [MatchProposal], summary: String, audit: inout AuditWriter) async throws {
        try await database.execute("DELETE FROM review_suggestions WHERE transaction_id = ?", [.int(id)])
        var rows: [[SQLValue]] = []
        for (rank, proposal) in proposals.enumerated() {
            for allocation in proposal.allocations {
                rows.append([.int(id), .int(Int64(rank + 1)), .text(allocation.invoice.rawValue), .int(allocation.amount.minorUnits),
                             .int(allocation.adjustment?.minorUnits ?? 0), .optional(allocation.adjustmentReason?.rawValue),
                             .int(Int64(proposal.confidence)), .text(proposal.reasons.joined(separator: "\u{1F}"))])
            }
        }
        try await database.insertRows(into: "review_suggestions", columns: ["transaction_id", "rank", "invoice_number", "amount_minor",
                                                                          "adjustment_minor", "adjustment_reason", "confidence", "reasons"], rows: rows)
        try await database.execute("UPDATE bank_transactions SET status = ?, summary = ? WHERE id = ?",
                                   [.text(TransactionStatus.review.rawValue), .text(summary), .int(id)])
        audit.add(.payment, String(id), "queued for review", "\(summary); \(proposals.count) suggestion(s)")
    }

    /// Applies allocations to a transaction, checking every invariant against the ledger as it is now.
    private func post(_ proposal: MatchProposal, transactionID: Int64, payment: IncomingPayment, decidedBy: String,
                      reason: String, now: String, audit: inout AuditWriter) async throws {
        guard let stored = try await transactionRow(id: transactionID) else {
            throw CashApplicationError("bank transaction \(transactionID) does not exist")
        }
        let currency = stored.unapplied.currency
        let total = try proposal.allocations.map(\.amount.minorUnits).checkedSum(currency: currency)
        guard proposal.allocations.allSatisfy({ $0.amount.currency == currency && $0.amount.isPositive }) else {
            throw CashApplicationError("allocations must be positive amounts in \(currency.code), the transaction's currency")
        }
        guard total <= stored.unapplied.minorUnits else {
            throw CashApplicationError("allocations of \(MoneyFormat.decimalString(minorUnits: total, digits: currency.minorUnitDigits)) exceed the \(stored.unapplied.decimalString) unapplied on transaction \(transactionID)")
        }
        for allocation in proposal.allocations {
            let rows = try await database.fetch("SELECT open_amount_minor, currency FROM invoices WHERE invoice_number = ?", [.text(allocation.invoice.rawValue)])
            guard let row = rows.first, case .int(let open) = row[0], case .text(let code) = row[1] else {
                throw CashApplicationError("invoice \(allocation.invoice) is not in the ledger")
            }
            let settles = try allocation.amount.minorUnits.checkedAdding(allocation.adjustment?.minorUnits ?? 0, currency: currency)
            guard code == currency.code else { throw CashApplicationError("invoice \(allocation.invoice) is in \(code), the payment in \(currency.code)") }
            guard settles <= open else {
                throw CashApplicationError("invoice \(allocation.invoice) has \(MoneyFormat.decimalString(minorUnits: open, digits: currency.minorUnitDigits)) open, less than the \(MoneyFormat.decimalString(minorUnits: settles, digits: currency.minorUnitDigits)) to apply")
            }
            let remaining = open - settles
            try await database.execute("""
                UPDATE invoices SET open_amount_minor = ?, status = ?, paid_date = ? WHERE invoice_number = ?
                """, [.int(remaining), .text(remaining == 0 ? InvoiceStatus.paid.rawValue : InvoiceStatus.open.rawValue),
                      remaining == 0 ? .text(payment.valueDate.iso) : .null, .text(allocation.invoice.rawValue)])
            try await database.execute("""
                INSERT INTO allocations (transaction_id, invoice_number, currency, amount_minor, adjustment_minor, adjustment_reason, confidence, decided_by, created_at, reverses, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
                """, [.int(transactionID), .text(allocation.invoice.rawValue), .text(currency.code), .int(allocation.amount.minorUnits),
                      .int(allocation.adjustment?.minorUnits ?? 0), .optional(allocation.adjustmentReason?.rawValue), .int(Int64(proposal.confidence)),
                      .text(decidedBy), .text(now), .text(reason)])
            var details = "\(allocation.amount) from bank transaction \(transactionID); open \(MoneyFormat.decimalString(minorUnits: open, digits: currency.minorUnitDigits)) → \(MoneyFormat.decimalString(minorUnits: remaining, digits: currency.minorUnitDigits))"
            if let adjustment = allocation.adjustment, let why = allocation.adjustmentReason { details += "; \(adjustment) settled as \(why.rawValue)" }
            audit.add(.invoice, allocation.invoice.rawValue, "payment applied", details)
        }
        let unapplied = stored.unapplied.minorUnits - total
        let status: TransactionStatus = unapplied == 0 ? .applied : .partiallyApplied
        try await database.execute("UPDATE bank_transactions SET status = ?, unapplied_minor = ?, summary = ? WHERE id = ?",
                                   [.text(status.rawValue), .int(unapplied), .text(reason), .int(transactionID)])
        try await database.execute("DELETE FROM review_suggestions WHERE transaction_id = ?", [.int(transactionID)])
        audit.add(.payment, String(transactionID), "applied",
                  "\(proposal.allocations.count) allocation(s), \(MoneyFormat.decimalString(minorUnits: unapplied, digits: currency.minorUnitDigits)) unapplied; decided by \(decidedBy) (\(proposal.confidence / 10)%): \(reason)")
    }

    public func transactions(status: TransactionStatus?) async throws -> [StoredBankTransaction] {
        if let status {
            return try await database.fetch("SELECT \(Self.transactionColumns) FROM bank_transactions WHERE status = ? ORDER BY id", [.text(status.rawValue)])
                .map(Self.storedTransaction)
        }
        return try await database.fetch("SELECT \(Self.transactionColumns) FROM bank_transactions ORDER BY id").map(Self.storedTransaction)
    }

    public func transaction(id: Int64) async throws -> StoredBankTransaction? { try await transactionRow(id: id) }

    private func transactionRow(id: Int64) async throws -> StoredBankTransaction? {
        try await database.fetch("SELECT \(Self.transactionColumns) FROM bank_transactions WHERE id = ?", [.int(id)]).first.map(Self.storedTransaction)
    }

    public func suggestions(transactionID: Int64) async throws -> [MatchProposal] {
        guard let stored = try await transactionRow(id: transactionID) else { return [] }
        let currency = stored.unapplied.currency
        var proposals: [Int64: MatchProposal] = [:]
        for row in try await database.fetch("""
            SELECT s.rank, s.invoice_number, s.amount_minor, s.adjustment_minor, s.adjustment_reason, s.confidence, s.reasons, i.customer_id
            FROM review_suggestions s LEFT JOIN invoices i ON i.invoice_number = s.invoice_number
            WHERE s.transaction_id = ? ORDER BY s.rank
            """, [.int(transactionID)]) {
            guard case .int(let rank) = row[0], case .text(let invoice) = row[1], case .int(let amount) = row[2],
                  case .int(let adjustment) = row[3], case .int(let confidence) = row[5], case .text(let reasons) = row[6] else {
                throw DatabaseError("a review suggestion of bank transaction \(transactionID) cannot be read: \(row)")
            }
            var reason: AdjustmentReason?
            if case .text(let text) = row[4] { reason = AdjustmentReason(rawValue: text) }
            var customer = CustomerID("")
            if case .text(let text) = row[7] { customer = CustomerID(text) }
            let allocation = ProposedAllocation(invoice: InvoiceNumber(invoice), customer: customer, amount: Money(minorUnits: amount, currency: currency),
                                                adjustment: adjustment == 0 ? nil : Money(minorUnits: adjustment, currency: currency), adjustmentReason: reason)
            var proposal = proposals[rank] ?? MatchProposal(allocations: [], unapplied: .zero(currency), confidence: Int(confidence),
                                                            reasons: reasons.split(separator: "\u{1F}").map(String.init))
            proposal.allocations.append(allocation)
            proposals[rank] = proposal
        }
        return try proposals.sorted { $0.key < $1.key }.map { rank, proposal in
            var filled = proposal
            filled.unapplied = try stored.line.payment.amount - proposal.allocations.map(\.amount).checkedSum(in: currency)
            return filled
        }
    }

    public func allocations(transactionID: Int64) async throws -> [StoredAllocation] {
        try await database.fetch("""
            SELECT id, transaction_id, invoice_number, currency, amount_minor, adjustment_minor, adjustment_reason, confidence, decided_by, created_at, reverses, reason
            FROM allocations WHERE transaction_id = ? ORDER BY id
            """, [.int(transactionID)]).map { row in
                guard case .int(let id) = row[0], case .int(let transaction) = row[1], case .text(let invoice) = row[2], case .text(let code) = row[3],
                      let currency = Currency(code: code), case .int(let amount) = row[4], case .int(let adjustment) = row[5],
                      case .int(let confidence) = row[7], case .text(let by) = row[8], case .text(let at) = row[9], case .text(let reason) = row[11] else {
                    throw DatabaseError("an allocation of bank transaction \(transactionID) cannot be read: \(row)")
                }
                var why: AdjustmentReason?
                if case .text(let text) = row[6] { why = AdjustmentReason(rawValue: text) }
                var reverses: Int64?
                if case .int(let original) = row[10] { reverses = original }
                return StoredAllocation(id: id, transactionID: transaction, invoice: InvoiceNumber(invoice), amount: Money(minorUnits: amount, currency: currency),
                                        adjustment: Money(minorUnits: adjustment, currency: currency), adjustmentReason: why, confidence: Int(confidence),
                                        decidedBy: by, createdAt: at, reverses: reverses, reason: reason)
            }
    }

    public func allocate(transactionID: Int64, allocations: [ProposedAllocation], reason: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard let stored = try await self.transactionRow(id: transactionID) else {
                throw CashApplicationError("there is no bank transaction \(transactionID); `aragent review list` shows the open ones")
            }
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            let proposal = MatchProposal(allocations: allocations, unapplied: .zero(stored.unapplied.currency), confidence: 1000, reasons: [reason])
            try await self.post(proposal, transactionID: transactionID, payment: stored.line.payment, decidedBy: actor, reason: reason,
                                now: audit.now, audit: &audit)
            try await audit.write(to: database)
        }
    }

    public func reject(transactionID: Int64, note: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard try await self.transactionRow(id: transactionID) != nil else {
                throw CashApplicationError("there is no bank transaction \(transactionID)")
            }
            try await database.execute("UPDATE bank_transactions SET status = ?, summary = ? WHERE id = ?",
                                       [.text(TransactionStatus.rejected.rawValue), .text("rejected by \(actor): \(note)"), .int(transactionID)])
            try await database.execute("DELETE FROM review_suggestions WHERE transaction_id = ?", [.int(transactionID)])
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            audit.add(.payment, String(transactionID), "rejected", note)
            try await audit.write(to: database)
        }
    }

    public func reverse(allocationID: Int64, reason: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            let rows = try await database.fetch("""
                SELECT transaction_id, invoice_number, currency, amount_minor, adjustment_minor, adjustment_reason, confidence, reverses
                FROM allocations WHERE id = ?
                """, [.int(allocationID)])
            guard let row = rows.first, case .int(let transactionID) = row[0], case .text(let invoice) = row[1], case .text(let code) = row[2],
                  case .int(let amount) = row[3], case .int(let adjustment) = row[4], let currency = Currency(code: code) else {
                throw CashApplicationError("there is no allocation \(allocationID)")
            }
            if case .int = row[7] { throw CashApplicationError("allocation \(allocationID) is itself a reversal") }
            let already = try await database.fetch("SELECT id FROM allocations WHERE reverses = ?", [.int(allocationID)])
            guard already.isEmpty else { throw CashApplicationError("allocation \(allocationID) is already reversed") }
            let now = Timestamp.now()
            try await database.execute("""
                INSERT INTO allocations (transaction_id, invoice_number, currency, amount_minor, adjustment_minor, adjustment_reason, confidence, decided_by, created_at, reverses, reason)
                VALUES (?, ?, ?, ?, ?, ?, 1000, ?, ?, ?, ?)
                """, [.int(transactionID), .text(invoice), .text(code), .int(-amount), .int(-adjustment), row[5], .text(actor), .text(now),
                      .int(allocationID), .text("reversal: \(reason)")])
            try await database.execute("""
                UPDATE invoices SET open_amount_minor = open_amount_minor + ?, status = 'open', paid_date = NULL WHERE invoice_number = ?
                """, [.int(try amount.checkedAdding(adjustment, currency: currency)), .text(invoice)])
            try await database.execute("""
                UPDATE bank_transactions SET unapplied_minor = unapplied_minor + ?,
                    status = CASE WHEN unapplied_minor + ? = amount_minor THEN 'unmatched' ELSE 'partially_applied' END,
                    summary = ? WHERE id = ?
                """, [.int(amount), .int(amount), .text("allocation \(allocationID) reversed by \(actor): \(reason)"), .int(transactionID)])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            let shown = MoneyFormat.decimalString(minorUnits: amount, digits: currency.minorUnitDigits)
            audit.add(.allocation, String(allocationID), "reversed", "\(shown) \(code) on invoice \(invoice) returned to bank transaction \(transactionID): \(reason)")
            audit.add(.invoice, invoice, "payment reversed", "\(shown) \(code) open again (allocation \(allocationID))")
            try await audit.write(to: database)
        }
    }

    static func storedTransaction(_ row: [SQLValue]) throws -> StoredBankTransaction {
        func text(_ index: Int) -> String? { if case .text(let value) = row[index] { return value }; return nil }
        func int(_ index: Int) -> Int64? { if case .int(let value) = row[index] { return value }; return nil }
        guard let id = int(0), let key = text(1), let format = text(2), let valueDate = text(7).flatMap({ CalendarDate(iso: $0) }),
              let currency = text(8).flatMap({ Currency(code: $0) }), let amount = int(9), let unapplied = int(15) else {
            throw DatabaseError("bank_transactions holds a row that cannot be read: \(row)")
        }
        let references = (text(13) ?? "").split(separator: "\u{1F}").map(String.init)
        let payment = IncomingPayment(id: PaymentID(String(id)), valueDate: valueDate, amount: Money(minorUnits: amount, currency: currency),
                                      payerName: text(10), payerAccount: text(11), remittance: text(12), references: references)
        let line = NewBankTransaction(naturalKey: key, format: format, accountID: text(3), statementID: text(4), bankReference: text(5),
                                      bookingDate: text(6).flatMap { CalendarDate(iso: $0) }, payment: payment)
        return StoredBankTransaction(id: id, line: line, status: text(14).flatMap(TransactionStatus.init(rawValue:)),
                                     unapplied: Money(minorUnits: unapplied, currency: currency), summary: text(16) ?? "")
    }
}
