import ARAgent
import ARCore

/// A person's decisions on bank lines: apply (accept or split), reject, re-open, reverse. Each
/// in its own transaction, checked against ``BankLineLifecycle`` before anything is written, with
/// the line locked before its invoices (the lock order every writer keeps).
extension SQLLedgerStore {
    public func allocate(transactionID: Int64, allocations: [ProposedAllocation], reason: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.lockRows(of: "bank_transactions", key: "id", ids: [transactionID])
            try await database.lockRows(of: "invoices", key: "invoice_number", texts: allocations.map(\.invoice.rawValue))
            guard let stored = try await self.transactionRow(id: transactionID), let from = stored.status else {
                throw CashApplicationError("there is no bank transaction \(transactionID); `aragent review list --status all` lists them")
            }
            if let refusal = BankLineLifecycle.refusal(.allocate, from: from, line: String(transactionID)) { throw CashApplicationError(refusal) }
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            let proposal = MatchProposal(allocations: allocations, unapplied: .zero(stored.unapplied.currency), confidence: 1000, reasons: [reason])
            do {
                _ = try await self.post(proposal, line: stored, from: from, step: .allocate, decidedBy: actor, reason: reason,
                                        context: "applied by \(actor)", audit: &audit)
            } catch is LineChanged {
                throw CashApplicationError("bank transaction \(transactionID) changed while it was being applied; `aragent review show \(transactionID)` shows it now")
            }
            try await audit.write(to: database)
        }
    }

    public func reject(transactionID: Int64, note: String, actor: String) async throws {
        try await decide(transactionID, step: .reject, to: .rejected, summary: "rejected by \(actor): \(note)", note: note, action: "rejected", actor: actor)
    }

    public func reopen(transactionID: Int64, note: String, actor: String) async throws {
        try await decide(transactionID, step: .reopen, to: .unmatched, summary: "re-opened by \(actor): \(note)", note: note, action: "re-opened", actor: actor)
    }

    /// A person's decision that moves a line without money: reject, re-open.
    private func decide(_ transactionID: Int64, step: BankLineLifecycle.Step, to: TransactionStatus, summary: String, note: String,
                        action: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.lockRows(of: "bank_transactions", key: "id", ids: [transactionID])
            guard let stored = try await self.transactionRow(id: transactionID), let from = stored.status else {
                throw CashApplicationError("there is no bank transaction \(transactionID); `aragent review list --status all` lists them")
            }
            if let refusal = BankLineLifecycle.refusal(step, from: from, line: String(transactionID)) {
                var message = refusal
                if [.applied, .partiallyApplied].contains(from) {
                    let entries = try await self.allocations(transactionID: transactionID)
                    let reversed = Set(entries.compactMap(\.reverses))
                    let standing = entries.filter { $0.reverses == nil && !reversed.contains($0.id) }
                    if !standing.isEmpty {
                        message += "; standing: " + standing.map { "allocation \($0.id) (\($0.amount) on \($0.invoice))" }.joined(separator: ", ")
                    }
                }
                throw CashApplicationError(message)
            }
            do {
                try await self.move(stored, from: from, to: to, step: step, summary: summary)
            } catch is LineChanged {
                throw CashApplicationError("bank transaction \(transactionID) changed meanwhile; `aragent review show \(transactionID)` shows it now")
            }
            try await database.execute("DELETE FROM review_suggestions WHERE transaction_id = ?", [.int(transactionID)])
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            audit.add(.payment, String(transactionID), action, BankLineLifecycle.auditDetails(from: from, to: to, because: note))
            try await audit.write(to: database)
        }
    }

    public func reverse(allocationID: Int64, reason: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            let rows = try await database.fetch("""
                SELECT transaction_id, invoice_number, currency, amount_minor, adjustment_minor, adjustment_reason, reverses
                FROM allocations WHERE id = ?
                """, [.int(allocationID)])
            guard let row = rows.first, case .int(let transactionID) = row[0], case .text(let invoice) = row[1], case .text(let code) = row[2],
                  case .int(let amount) = row[3], case .int(let adjustment) = row[4], let currency = Currency(code: code) else {
                throw CashApplicationError("there is no allocation \(allocationID); `aragent review show TRANSACTION` lists a transaction's allocations")
            }
            if case .int(let original) = row[6] { throw CashApplicationError("allocation \(allocationID) is itself the reversal of allocation \(original)") }
            try await database.lockRows(of: "bank_transactions", key: "id", ids: [transactionID])
            try await database.lockRows(of: "invoices", key: "invoice_number", texts: [invoice])
            guard let line = try await self.transactionRow(id: transactionID), let from = line.status else {
                throw DatabaseError("allocation \(allocationID) names bank transaction \(transactionID), which cannot be read")
            }
            func shown(_ minor: Int64) -> String { MoneyFormat.decimalString(minorUnits: minor, digits: currency.minorUnitDigits) }
            let (unapplied, overflow) = line.unapplied.minorUnits.addingReportingOverflow(amount)
            guard !overflow, unapplied <= line.line.payment.amount.minorUnits else {
                throw CashApplicationError("reversing allocation \(allocationID) would leave \(shown(unapplied)) unapplied on transaction \(transactionID), more than its \(line.line.payment.amount); the ledger needs a look (`aragent verify`)")
            }
            let to: TransactionStatus = unapplied == line.line.payment.amount.minorUnits ? .unmatched : .partiallyApplied
            if let refusal = BankLineLifecycle.refusal(.reverse, from: from, line: String(transactionID)) { throw CashApplicationError(refusal) }
            guard BankLineLifecycle.allowed(.reverse, from: from, to: to) else {
                throw CashApplicationError("bank transaction \(transactionID) cannot go from \(from.rawValue) to \(to.rawValue) by a reversal")
            }
            let before = try await self.openAmounts([invoice])
            // Only once: UNIQUE (reverses) decides between two people reversing at the same time.
            let now = Timestamp.now()
            let inserted = try await database.fetch("""
                INSERT INTO allocations (transaction_id, invoice_number, currency, amount_minor, adjustment_minor, adjustment_reason, confidence, decided_by, created_at, reverses, reason)
                VALUES (?, ?, ?, ?, ?, ?, 1000, ?, ?, ?, ?) ON CONFLICT (reverses) DO NOTHING RETURNING id
                """, [.int(transactionID), .text(invoice), .text(code), .int(-amount), .int(-adjustment), row[5], .text(actor), .text(now),
                      .int(allocationID), .text("reversal: \(reason)")])
            guard case .int(let reversalID) = inserted.first?[0] else {
                let by = try await database.fetch("SELECT id FROM allocations WHERE reverses = ?", [.int(allocationID)])
                throw CashApplicationError("allocation \(allocationID) is already reversed\(by.first.map { " (by allocation \($0[0].canonical ?? "?"))" } ?? "")")
            }
            let summary = "allocation \(allocationID) reversed by \(actor): \(reason)"
            let moved = try await database.fetch("""
                UPDATE bank_transactions SET unapplied_minor = unapplied_minor + ?, status = ?, summary = ?
                WHERE id = ? AND status = ? AND unapplied_minor = ? RETURNING id
                """, [.int(amount), .text(to.rawValue), .text(summary), .int(transactionID), .text(from.rawValue), .int(line.unapplied.minorUnits)])
            guard !moved.isEmpty else {
                throw CashApplicationError("bank transaction \(transactionID) changed meanwhile; `aragent review show \(transactionID)` shows it now")
            }
            // The invoice's open amount comes from the rule, never from adding back: it can never
            // exceed the invoice's amount, whatever the ERP's export did meanwhile.
            try await LedgerState.refresh([invoice], in: database)
            let after = try await self.openAmounts([invoice])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.allocation, String(allocationID), "reversed",
                      "\(shown(amount)) \(code) on invoice \(invoice) returned to bank transaction \(transactionID) by allocation \(reversalID): \(reason)")
            audit.add(.invoice, invoice, "payment reversed",
                      "allocation \(allocationID) reversed; open \(shown(before[invoice]?.open ?? 0)) → \(shown(after[invoice]?.open ?? 0))")
            audit.add(.payment, String(transactionID), "allocation reversed", BankLineLifecycle.auditDetails(from: from, to: to, because: summary))
            try await audit.write(to: database)
        }
    }
}
