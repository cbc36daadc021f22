import ARCore

/// Where an import of the ERP's facts meets ARAgent's records, inside the import's transaction.
///
/// - A dispute flag the ERP sets opens a dispute record (created by `erp`); a flag it clears
///   resolves the open dispute the ERP opened (`erp_cleared`). A dispute opened in ARAgent is
///   never closed by an import: only a person resolves it.
/// - A payment ARAgent applied is "reflected" once the ERP's export shows it: an imported
///   history row whose transaction id is the bank line's reference, or the ERP's open amount
///   falling by exactly the amount of one or more unreflected allocations (oldest first). A
///   reflected record is inside the ERP's figure and no longer counts against it.
/// - Every invoice whose facts changed gets its derived state recomputed (``LedgerState``).
struct ERPSync {
    let database: Database
    let source: String
    let importID: Int64?

    /// How many unreflected records of one invoice are tried for an exact explanation of a fall
    /// in the ERP's open amount: invoices rarely carry more than a handful of payments, and a
    /// bounded search keeps the import linear.
    static let reflectionSearchLimit = 12

    func invoicesStored(freshDisputed: some Sequence<[SQLValue]>, changed: [(before: [SQLValue], after: [SQLValue])],
                        audit: inout AuditWriter) async throws {
        var disputesToOpen: [String] = []
        for facts in freshDisputed { if case .text(let number) = facts[0] { disputesToOpen.append(number) } }
        var disputesToClear: [String] = []
        var falls: [String: Int64] = [:]
        for (before, after) in changed {
            guard case .text(let number) = after[0] else { continue }
            let wasDisputed = before.count > 9 && before[9] == .bool(true), isDisputed = after[9] == .bool(true)
            if isDisputed && !wasDisputed { disputesToOpen.append(number) }
            if wasDisputed && !isDisputed { disputesToClear.append(number) }
            let oldOpen = Self.erpOpen(before), newOpen = Self.erpOpen(after)
            if let oldOpen, let newOpen, newOpen < oldOpen { falls[number] = oldOpen - newOpen }
        }
        try await openDisputes(disputesToOpen, audit: &audit)
        try await clearDisputes(disputesToClear, audit: &audit)
        try await reflect(falls: falls, audit: &audit)
        try await LedgerState.refresh(changed.compactMap { if case .text(let n) = $0.after[0] { return n }; return nil }, in: database)
    }

    /// An imported history row names a bank reference ARAgent applied: the ERP has recorded that payment.
    func receiptsStored(_ receipts: [[SQLValue]], audit: inout AuditWriter) async throws {
        var touched: [String] = []
        for chunk in receipts.chunked(400) {
            let references = chunk.compactMap { row -> String? in if case .text(let id) = row[0] { return id }; return nil }
            guard !references.isEmpty else { continue }
            let invoicesByReference = Dictionary(chunk.compactMap { row -> (String, Set<String>)? in
                guard case .text(let id) = row[0], case .text(let numbers) = row[8] else { return nil }
                return (id, Set(numbers.split(separator: ";").map(String.init)))
            }, uniquingKeysWith: { first, second in first.union(second) })
            let marks = Array(repeating: "?", count: references.count).joined(separator: ", ")
            let rows = try await database.fetch("""
                SELECT a.id, a.invoice_number, t.bank_reference FROM allocations a JOIN bank_transactions t ON t.id = a.transaction_id
                WHERE a.erp_reflected_at IS NULL AND a.reverses IS NULL AND t.bank_reference IN (\(marks))
                """, references.map { .text($0) })
            for row in rows {
                guard case .int(let id) = row[0], case .text(let invoice) = row[1], case .text(let reference) = row[2],
                      invoicesByReference[reference]?.contains(invoice) ?? false else { continue }
                try await markReflected(allocation: id, invoice: invoice, because: "history row \(reference) of \(source)", audit: &audit)
                touched.append(invoice)
            }
        }
        try await LedgerState.refresh(touched, in: database)
    }

    private static func erpOpen(_ facts: [SQLValue]) -> Int64? {
        guard facts.count > 8, case .int(let open) = facts[6] else { return nil }
        if case .text = facts[8] { return 0 }   // settled in the ERP: nothing open there
        return open
    }

    private func openDisputes(_ numbers: [String], audit: inout AuditWriter) async throws {
        guard !numbers.isEmpty else { return }
        var alreadyOpen = Set<String>()
        for chunk in numbers.chunked(900) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for row in try await database.fetch("SELECT invoice_number FROM disputes WHERE status = 'open' AND invoice_number IN (\(marks))",
                                                chunk.map { .text($0) }) {
                if case .text(let number) = row[0] { alreadyOpen.insert(number) }
            }
        }
        let toOpen = numbers.filter { !alreadyOpen.contains($0) }
        try await database.insertRows(into: "disputes", columns: ["invoice_number", "dispute_type", "note", "status", "created_at", "created_by"],
                                      count: toOpen.count) { index in
            [.text(toOpen[index]), .text("unspecified"), .text("flagged as disputed in \(source)"), .text("open"), .text(audit.now), .text("erp")]
        }
        for number in toOpen { audit.add(.dispute, number, "opened", "the ERP's export \(source) flags invoice \(number) as disputed") }
        // New invoices were stored with the flag as their derived state; changed ones are refreshed by the caller.
    }

    private func clearDisputes(_ numbers: [String], audit: inout AuditWriter) async throws {
        for number in numbers {
            let cleared = try await database.fetch("""
                UPDATE disputes SET status = 'resolved', outcome = 'erp_cleared', resolved_at = ?, resolved_by = 'erp', resolution_note = ?
                WHERE invoice_number = ? AND status = 'open' AND created_by = 'erp' RETURNING id
                """, [.text(audit.now), .text("the ERP's export \(source) no longer flags it"), .text(number)])
            if !cleared.isEmpty { audit.add(.dispute, number, "resolved", "erp_cleared: the ERP's export \(source) no longer flags invoice \(number) as disputed") }
        }
    }

    /// Marks as reflected the unreflected records whose amounts explain each fall exactly.
    private func reflect(falls: [String: Int64], audit: inout AuditWriter) async throws {
        guard !falls.isEmpty else { return }
        for chunk in Array(falls.keys).sorted().chunked(400) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            var records: [String: [(id: Int64, amount: Int64)]] = [:]
            for row in try await database.fetch("""
                SELECT a.id, a.invoice_number, a.amount_minor + a.adjustment_minor FROM allocations a
                WHERE a.erp_reflected_at IS NULL AND a.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM allocations r WHERE r.reverses = a.id)
                  AND a.invoice_number IN (\(marks)) ORDER BY a.id
                """, chunk.map { .text($0) }) {
                if case .int(let id) = row[0], case .text(let number) = row[1], case .int(let amount) = row[2] {
                    records[number, default: []].append((id, amount))
                }
            }
            for number in chunk {
                guard let fall = falls[number], let candidates = records[number], !candidates.isEmpty,
                      let chosen = Self.explaining(fall, by: Array(candidates.prefix(Self.reflectionSearchLimit))) else { continue }
                for record in chosen {
                    try await markReflected(allocation: record.id, invoice: number,
                                            because: "the ERP's open amount fell by \(fall) minor units in \(source)", audit: &audit)
                }
            }
        }
    }

    /// The records (oldest first preferred) whose amounts add up to exactly `fall`: all of them,
    /// else the oldest prefix, else any subset in the bounded search.
    static func explaining(_ fall: Int64, by records: [(id: Int64, amount: Int64)]) -> [(id: Int64, amount: Int64)]? {
        var running: Int64 = 0
        for (index, record) in records.enumerated() {
            let (sum, overflow) = running.addingReportingOverflow(record.amount)
            guard !overflow else { return nil }
            running = sum
            if running == fall { return Array(records[...index]) }
        }
        let count = records.count
        guard count > 1 else { return nil }
        for mask in 1..<(1 << count) {
            var sum: Int64 = 0, chosen: [(id: Int64, amount: Int64)] = [], overflow = false
            for bit in 0..<count where mask & (1 << bit) != 0 {
                let (next, flag) = sum.addingReportingOverflow(records[bit].amount)
                overflow = overflow || flag
                sum = next
                chosen.append(records[bit])
            }
            if !overflow && sum == fall { return chosen }
        }
        return nil
    }

    private func markReflected(allocation id: Int64, invoice: String, because why: String, audit: inout AuditWriter) async throws {
        try await database.execute("UPDATE allocations SET erp_reflected_at = ?, erp_reflected_by = ? WHERE id = ? AND erp_reflected_at IS NULL",
                                   [.text(audit.now), .text(why), .int(id)])
        audit.add(.allocation, String(id), "reflected in the ERP", "\(why): allocation \(id) on invoice \(invoice) is no longer counted against the ERP's open amount")
    }
}
