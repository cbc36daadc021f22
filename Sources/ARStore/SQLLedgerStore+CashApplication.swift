import ARAgent
import ARCore
import SQLKit

/// Cash application in SQL. Every posting is validated whole and then written by conditional
/// updates (`… SET open_amount_minor = open_amount_minor − ? WHERE … open_amount_minor >= ?`,
/// checking that a row came back), never by writing back an absolute value read earlier; each
/// matcher decision runs in its own savepoint, so it is written whole or not at all; every
/// status change follows ``BankLineLifecycle`` and is audited with who and why. Writers lock
/// bank lines (by id) before invoices (by number), so concurrent postings on PostgreSQL wait
/// for each other instead of over-applying or deadlocking; SQLite's write lock serializes them.
extension SQLLedgerStore: CashApplicationStore {
    private static let transactionColumns = "id, natural_key, format, account_id, statement_id, bank_reference, booking_date, value_date, currency, amount_minor, payer_name, payer_account, remittance, structured_references, status, unapplied_minor, summary"

    /// The line changed between reading and writing it (another writer decided it): the caller
    /// leaves it alone (the matcher) or says so (a person).
    struct LineChanged: Error { let id: Int64 }

    /// The PostgreSQL advisory lock that storing a statement holds for its transaction: an
    /// arbitrary number of ARAgent's own ("ARSTMT" in ASCII), the same in every process.
    static let statementStorageLock: Int64 = 0x4152_5354_4D54

    public func storeStatement(_ lines: [NewBankTransaction], source: String, fingerprint: String, actor: String) async throws
        -> (stored: [StoredBankTransaction], duplicates: Int)
    {
        let database = self.database
        return try await database.transaction { sql in
            if database.engine == .postgres {
                // Two agents storing overlapping statements at once would each wait for the
                // other's uncommitted lines (in whatever order their files list them) and could
                // deadlock; storing is quick, so it takes turns. SQLite's write lock does the same.
                _ = try await database.fetch("SELECT pg_advisory_xact_lock(?)", [.int(Self.statementStorageLock)])
            }
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
            // ON CONFLICT DO NOTHING: a concurrent import of an overlapping statement may store a
            // line between the look-up above and this insert; it is then that import's line.
            let columns = ["natural_key", "format", "account_id", "statement_id", "bank_reference", "booking_date", "value_date", "currency",
                           "amount_minor", "payer_name", "payer_account", "remittance", "structured_references", "status", "unapplied_minor",
                           "summary", "import_id"]
            let perStatement = max(1, (database.engine == .sqlite ? 32_766 : 65_535) / columns.count)
            let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            var stored: [StoredBankTransaction] = []
            for chunk in fresh.chunked(perStatement) {
                var binds: [SQLValue] = []
                binds.reserveCapacity(chunk.count * columns.count)
                for line in chunk {
                    let payment = line.payment
                    binds += [.text(line.naturalKey), .text(line.format), .optional(line.accountID), .optional(line.statementID),
                              .optional(line.bankReference), .optional(line.bookingDate?.iso), .text(payment.valueDate.iso),
                              .text(payment.amount.currency.code), .int(payment.amount.minorUnits), .optional(payment.payerName),
                              .optional(payment.payerAccount), .optional(payment.remittance), .text(payment.references.joined(separator: "\u{1F}")),
                              .text(BankLineLifecycle.initial.rawValue), .int(payment.amount.minorUnits), .text("stored, not yet matched"),
                              .optional(importID)]
                }
                stored += try await database.fetch("""
                    INSERT INTO bank_transactions (\(columns.joined(separator: ", "))) VALUES \(Array(repeating: placeholders, count: chunk.count).joined(separator: ", "))
                    ON CONFLICT (natural_key) DO NOTHING RETURNING \(Self.transactionColumns)
                    """, binds).map(Self.storedTransaction)
            }
            if stored.count != fresh.count, let importID {
                try await database.execute("UPDATE import_batches SET inserted = ?, unchanged = ? WHERE id = ?",
                                           [.int(Int64(stored.count)), .int(Int64(lines.count - stored.count)), .int(importID)])
            }
            var audit = AuditWriter(now: now, actor: actor, importID: importID)
            audit.add(.importBatch, String(importID ?? 0), "imported",
                      "statement from \(source) (fingerprint \(fingerprint)): \(stored.count) new transactions, \(lines.count - stored.count) already in the ledger; stored as \(BankLineLifecycle.initial.rawValue), matched next")
            try await audit.write(to: database)
            return (stored.sorted { $0.id < $1.id }, lines.count - stored.count)
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

    @discardableResult
    public func record(_ decisions: [(transactionID: Int64, decision: MatchDecision)], context: String, actor: String) async throws -> [RecordedDecision] {
        guard !decisions.isEmpty else { return [] }
        let database = self.database
        return try await database.transaction { _ in
            // Lines first, then every invoice an automatic decision would touch, each in one order.
            try await database.lockRows(of: "bank_transactions", key: "id", ids: decisions.map(\.transactionID))
            try await database.lockRows(of: "invoices", key: "invoice_number",
                                        texts: decisions.flatMap { $0.decision.applied?.allocations.map(\.invoice.rawValue) ?? [] })
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            var results: [RecordedDecision] = []
            for (id, decision) in decisions {
                results.append(try await self.recordOne(id, decision, context: context, audit: &audit))
            }
            try await audit.write(to: database)
            return results
        }
    }

    /// One decision, written whole or not at all (its own savepoint).
    private func recordOne(_ id: Int64, _ decision: MatchDecision, context: String, audit: inout AuditWriter) async throws -> RecordedDecision {
        guard let line = try await transactionRow(id: id), let from = line.status else {
            return RecordedDecision(transactionID: id, from: nil, to: nil, summary: "there is no bank transaction \(id)")
        }
        guard BankLineLifecycle.sources(of: .match).contains(from) else {
            // A person applied or rejected it meanwhile: theirs to keep.
            return RecordedDecision(transactionID: id, from: from, to: nil, summary: "left alone: \(from.rawValue) meanwhile")
        }
        var summary = decision.summary
        if let proposal = decision.applied {
            if try await hasReversals(transactionID: id) {
                summary = "not posted automatically: an allocation of this transaction was reversed before, so a person decides; \(decision.summary)"
            } else {
                let reason = proposal.reasons.joined(separator: "; "), actor = audit.actor
                var attempt = audit
                do {
                    let to = try await database.savepoint {
                        try await self.post(proposal, line: line, from: from, step: .match, decidedBy: actor, reason: reason,
                                            context: context, audit: &attempt)
                    }
                    audit = attempt
                    return RecordedDecision(transactionID: id, from: from, to: to, summary: reason)
                } catch is LineChanged {
                    return RecordedDecision(transactionID: id, from: from, to: nil, summary: "left alone: changed meanwhile")
                } catch let conflict as CashApplicationError {
                    // The ledger moved since the decision: nothing of it was written; a person looks instead.
                    summary = "not posted: \(conflict.description)"
                } catch {
                    // The database refused part of it: the savepoint undid all of it, and one bad
                    // decision does not fail (and forever block) the rest of the statement. If
                    // the database itself is gone, queueing fails as well and the error surfaces.
                    summary = "not posted: \(String(reflecting: error))"
                }
            }
        }
        var attempt = audit
        do {
            let to: TransactionStatus = decision.outcome == .unmatched ? .unmatched : .review
            try await database.savepoint {
                if to == .review {
                    try await self.queue(line, from: from, proposals: decision.proposals, summary: summary, context: context, audit: &attempt)
                } else {
                    try await self.markUnmatched(line, from: from, summary: summary, context: context, audit: &attempt)
                }
            }
            audit = attempt
            return RecordedDecision(transactionID: id, from: from, to: to, summary: summary)
        } catch is LineChanged {
            return RecordedDecision(transactionID: id, from: from, to: nil, summary: "left alone: changed meanwhile")
        }
    }

    private func hasReversals(transactionID: Int64) async throws -> Bool {
        !(try await database.fetch("SELECT 1 FROM allocations WHERE transaction_id = ? AND reverses IS NOT NULL LIMIT 1", [.int(transactionID)]).isEmpty)
    }

    /// Moves `line` from `from` to `to` by `step`, conditional on it still being in `from`:
    /// the status machine is checked first, and a line that moved meanwhile is not written.
    func move(_ line: StoredBankTransaction, from: TransactionStatus, to: TransactionStatus, step: BankLineLifecycle.Step,
              summary: String) async throws {
        guard BankLineLifecycle.allowed(step, from: from, to: to) else {
            throw CashApplicationError(BankLineLifecycle.refusal(step, from: from, line: String(line.id))
                                       ?? "bank transaction \(line.id) cannot go from \(from.rawValue) to \(to.rawValue) by \(step.rawValue)")
        }
        let moved = try await database.fetch("UPDATE bank_transactions SET status = ?, summary = ? WHERE id = ? AND status = ? RETURNING id",
                                             [.text(to.rawValue), .text(summary), .int(line.id), .text(from.rawValue)])
        guard !moved.isEmpty else { throw LineChanged(id: line.id) }
    }

    private func queue(_ line: StoredBankTransaction, from: TransactionStatus, proposals: [MatchProposal], summary: String, context: String,
                       audit: inout AuditWriter) async throws {
        try await move(line, from: from, to: .review, step: .match, summary: summary)
        try await database.execute("DELETE FROM review_suggestions WHERE transaction_id = ?", [.int(line.id)])
        var rows: [[SQLValue]] = []
        for (rank, proposal) in proposals.enumerated() {
            for allocation in proposal.allocations {
                rows.append([.int(line.id), .int(Int64(rank + 1)), .text(allocation.invoice.rawValue), .int(allocation.amount.minorUnits),
                             .int(allocation.adjustment?.minorUnits ?? 0), .optional(allocation.adjustmentReason?.rawValue),
                             .int(Int64(proposal.confidence)), .text(proposal.reasons.joined(separator: "\u{1F}"))])
            }
        }
        try await database.insertRows(into: "review_suggestions", columns: ["transaction_id", "rank", "invoice_number", "amount_minor",
                                                                          "adjustment_minor", "adjustment_reason", "confidence", "reasons"], rows: rows)
        audit.add(.payment, String(line.id), "queued for review",
                  BankLineLifecycle.auditDetails(from: from, to: .review, because: "\(context): \(summary); \(proposals.count) suggestion(s)"))
    }

    private func markUnmatched(_ line: StoredBankTransaction, from: TransactionStatus, summary: String, context: String,
                               audit: inout AuditWriter) async throws {
        try await move(line, from: from, to: .unmatched, step: .match, summary: summary)
        try await database.execute("DELETE FROM review_suggestions WHERE transaction_id = ?", [.int(line.id)])
        // Matching again and finding nothing again is not news.
        if from != .unmatched || line.summary != summary {
            audit.add(.payment, String(line.id), "unmatched", BankLineLifecycle.auditDetails(from: from, to: .unmatched, because: "\(context): \(summary)"))
        }
    }

    /// Applies `proposal` to `line` (in status `from`), by `step`. Validated whole first against
    /// the ledger as it is now; then the line's cash and each invoice's open amount change by
    /// conditional updates, the allocations are inserted, and the invoices' derived state is
    /// recomputed by ``LedgerState``. Throws ``CashApplicationError`` when the ledger does not
    /// allow it, after which the caller's savepoint or transaction undoes whatever was written.
    /// Returns the line's new status.
    func post(_ proposal: MatchProposal, line: StoredBankTransaction, from: TransactionStatus, step: BankLineLifecycle.Step,
              decidedBy: String, reason: String, context: String, audit: inout AuditWriter) async throws -> TransactionStatus {
        let id = line.id
        let currency = line.unapplied.currency
        func shown(_ minor: Int64) -> String { MoneyFormat.decimalString(minorUnits: minor, digits: currency.minorUnitDigits) }
        // 1. The whole decision, checked before anything is written.
        guard !proposal.allocations.isEmpty else {
            throw CashApplicationError("nothing to apply to bank transaction \(id): name at least one invoice")
        }
        var total: Int64 = 0
        var settles: [String: Int64] = [:]
        for allocation in proposal.allocations {
            guard allocation.amount.currency == currency, allocation.amount.isPositive else {
                throw CashApplicationError("allocation to \(allocation.invoice) of \(allocation.amount): allocations must be positive amounts in \(currency.code), the transaction's currency")
            }
            let adjustment = allocation.adjustment?.minorUnits ?? 0
            guard allocation.adjustment.map({ $0.currency == currency && !$0.isNegative }) ?? true else {
                throw CashApplicationError("allocation to \(allocation.invoice): the adjustment \(allocation.adjustment.map { "\($0)" } ?? "") must be zero or more in \(currency.code)")
            }
            let (sum, totalOverflow) = total.addingReportingOverflow(allocation.amount.minorUnits)
            let (settled, settleOverflow) = allocation.amount.minorUnits.addingReportingOverflow(adjustment)
            let (perInvoice, invoiceOverflow) = settles[allocation.invoice.rawValue, default: 0].addingReportingOverflow(settled)
            guard !totalOverflow, !settleOverflow, !invoiceOverflow else {
                throw CashApplicationError("the allocations to bank transaction \(id) add up beyond the largest amount the ledger holds; check the amounts")
            }
            total = sum
            settles[allocation.invoice.rawValue] = perInvoice
        }
        guard total <= line.unapplied.minorUnits else {
            throw CashApplicationError("allocations of \(shown(total)) exceed the \(line.unapplied.decimalString) unapplied on transaction \(id)")
        }
        let to: TransactionStatus = total == line.unapplied.minorUnits ? .applied : .partiallyApplied
        guard BankLineLifecycle.allowed(step, from: from, to: to) else {
            throw CashApplicationError(BankLineLifecycle.refusal(step, from: from, line: String(id))
                                       ?? "bank transaction \(id) cannot go from \(from.rawValue) to \(to.rawValue)")
        }
        let numbers = settles.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let before = try await openAmounts(numbers)
        for number in numbers {
            guard let invoice = before[number] else { throw CashApplicationError("invoice \(number) is not in the ledger") }
            guard invoice.currency == currency.code else {
                throw CashApplicationError("invoice \(number) is in \(invoice.currency), the payment in \(currency.code)")
            }
            guard let amount = settles[number], amount <= invoice.open else {
                throw CashApplicationError("invoice \(number) has \(shown(invoice.open)) open, less than the \(shown(settles[number] ?? 0)) to apply")
            }
        }
        // 2. The line's cash, then each invoice, by conditional updates (lines before invoices,
        //    the lock order every writer keeps).
        let claimed = try await database.fetch("""
            UPDATE bank_transactions SET unapplied_minor = unapplied_minor - ?,
                status = CASE WHEN unapplied_minor = ? THEN ? ELSE ? END, summary = ?
            WHERE id = ? AND status = ? AND unapplied_minor >= ? RETURNING status
            """, [.int(total), .int(total), .text(TransactionStatus.applied.rawValue), .text(TransactionStatus.partiallyApplied.rawValue),
                  .text(reason), .int(id), .text(from.rawValue), .int(total)])
        guard let row = claimed.first else { throw LineChanged(id: id) }
        guard row[0] == .text(to.rawValue) else { throw LineChanged(id: id) }
        for number in numbers {
            let amount = settles[number] ?? 0
            let updated = try await database.fetch("""
                UPDATE invoices SET open_amount_minor = open_amount_minor - ?
                WHERE invoice_number = ? AND currency = ? AND open_amount_minor >= ? RETURNING open_amount_minor
                """, [.int(amount), .text(number), .text(currency.code), .int(amount)])
            guard !updated.isEmpty else {
                throw CashApplicationError("invoice \(number) changed meanwhile and no longer has \(shown(amount)) open")
            }
        }
        var allocationIDs: [Int64] = []
        for allocation in proposal.allocations {
            let inserted = try await database.fetch("""
                INSERT INTO allocations (transaction_id, invoice_number, currency, amount_minor, adjustment_minor, adjustment_reason, confidence, decided_by, created_at, reverses, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING id
                """, [.int(id), .text(allocation.invoice.rawValue), .text(currency.code), .int(allocation.amount.minorUnits),
                      .int(allocation.adjustment?.minorUnits ?? 0), .optional(allocation.adjustmentReason?.rawValue), .int(Int64(proposal.confidence)),
                      .text(decidedBy), .text(audit.now), .text(reason)])
            guard case .int(let allocationID) = inserted.first?[0] else {
                throw DatabaseError("inserting the allocation of \(allocation.amount) to \(allocation.invoice) returned no id")
            }
            allocationIDs.append(allocationID)
        }
        // 3. The one rule decides the invoices' derived state (open amount, paid date, status).
        try await LedgerState.refresh(numbers, in: database)
        let after = try await openAmounts(numbers)
        try await database.execute("DELETE FROM review_suggestions WHERE transaction_id = ?", [.int(id)])
        for (allocation, allocationID) in zip(proposal.allocations, allocationIDs) {
            let number = allocation.invoice.rawValue
            var details = "\(allocation.amount) from bank transaction \(id) (allocation \(allocationID)); open \(shown(before[number]?.open ?? 0)) → \(shown(after[number]?.open ?? 0))"
            if let adjustment = allocation.adjustment, let why = allocation.adjustmentReason { details += "; \(adjustment) settled as \(why.rawValue)" }
            audit.add(.invoice, number, "payment applied", details)
        }
        audit.add(.payment, String(id), "applied", BankLineLifecycle.auditDetails(from: from, to: to, because:
            "\(context): \(proposal.allocations.count) allocation(s), \(shown(line.unapplied.minorUnits - total)) unapplied; decided by \(decidedBy) (\(proposal.confidence / 10)%): \(reason)"))
        return to
    }

    /// Open amount and currency of each named invoice that exists.
    func openAmounts(_ numbers: [String]) async throws -> [String: (open: Int64, currency: String)] {
        var result: [String: (open: Int64, currency: String)] = [:]
        for chunk in numbers.chunked(900) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for row in try await database.fetch("SELECT invoice_number, open_amount_minor, currency FROM invoices WHERE invoice_number IN (\(marks))",
                                                chunk.map { .text($0) }) {
                if case .text(let number) = row[0], case .int(let open) = row[1], case .text(let code) = row[2] { result[number] = (open, code) }
            }
        }
        return result
    }

    public func transactions(status: TransactionStatus?) async throws -> [StoredBankTransaction] {
        if let status {
            return try await database.fetch("SELECT \(Self.transactionColumns) FROM bank_transactions WHERE status = ? ORDER BY id", [.text(status.rawValue)])
                .map(Self.storedTransaction)
        }
        return try await database.fetch("SELECT \(Self.transactionColumns) FROM bank_transactions ORDER BY id").map(Self.storedTransaction)
    }

    public func transaction(id: Int64) async throws -> StoredBankTransaction? { try await transactionRow(id: id) }

    func transactionRow(id: Int64) async throws -> StoredBankTransaction? {
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
            """, [.int(transactionID)]).map(Self.allocation)
    }

    /// An allocation row read as `id, transaction_id, invoice_number, currency, amount_minor,
    /// adjustment_minor, adjustment_reason, confidence, decided_by, created_at, reverses, reason`.
    static func allocation(_ row: [SQLValue]) throws -> StoredAllocation {
        guard case .int(let id) = row[0], case .int(let transaction) = row[1], case .text(let invoice) = row[2], case .text(let code) = row[3],
              let currency = Currency(code: code), case .int(let amount) = row[4], case .int(let adjustment) = row[5],
              case .int(let confidence) = row[7], case .text(let by) = row[8], case .text(let at) = row[9], case .text(let reason) = row[11] else {
            throw DatabaseError("an allocation cannot be read: \(row)")
        }
        var why: AdjustmentReason?
        if case .text(let text) = row[6] { why = AdjustmentReason(rawValue: text) }
        var reverses: Int64?
        if case .int(let original) = row[10] { reverses = original }
        return StoredAllocation(id: id, transactionID: transaction, invoice: InvoiceNumber(invoice), amount: Money(minorUnits: amount, currency: currency),
                                adjustment: Money(minorUnits: adjustment, currency: currency), adjustmentReason: why, confidence: Int(confidence),
                                decidedBy: by, createdAt: at, reverses: reverses, reason: reason)
    }

    public func matchable(since: CalendarDate?) async throws -> [StoredBankTransaction] {
        let statuses = BankLineLifecycle.sources(of: .match).map(\.rawValue).sorted()
        var binds: [SQLValue] = statuses.map { .text($0) }
        var condition = "status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))"
        if let since {
            condition += " AND value_date >= ?"
            binds.append(.text(since.iso))
        }
        return try await database.fetch("SELECT \(Self.transactionColumns) FROM bank_transactions WHERE \(condition) ORDER BY value_date, id", binds)
            .map(Self.storedTransaction)
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
