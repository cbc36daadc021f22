import ARCore

/// Keeps the derived invoice columns (`open_amount_minor`, `paid_date`, `disputed`, `status`)
/// equal to ``OpenAmountRule`` applied to the ERP's facts (`erp_*`) and ARAgent's records
/// (allocations, adjustments, disputes). The only writer of those columns after an invoice is
/// first stored; every change to a fact or a record calls ``refresh(_:in:)`` inside the same
/// transaction, and `aragent verify` checks the whole ledger against the same rule.
enum LedgerState {
    /// The facts and records of each named invoice, with the derived state stored now.
    struct Row: Sendable {
        var number: String
        var facts: OpenAmountRule.Facts
        var records: OpenAmountRule.Records
        var stored: OpenAmountRule.Derived
        var derived: OpenAmountRule.Derived { OpenAmountRule.derive(facts, records) }
    }

    /// Recomputes the derived state of `numbers` and writes what differs. Runs in the caller's transaction.
    static func refresh(_ numbers: some Collection<String>, in database: Database) async throws {
        let unique = Array(Set(numbers))
        for chunk in unique.chunked(500) {
            for row in try await rows(Array(chunk), in: database) where row.derived != row.stored {
                let derived = row.derived
                try await database.execute("""
                    UPDATE invoices SET open_amount_minor = ?, paid_date = ?, disputed = ?, status = ? WHERE invoice_number = ?
                    """, [.int(derived.open), .optional(derived.paidDate?.iso), .bool(derived.disputed), .text(derived.status.rawValue),
                          .text(row.number)])
            }
        }
    }

    /// Facts and records of the named invoices (at most a few hundred: one IN list per query).
    static func rows(_ numbers: [String], in database: Database) async throws -> [Row] {
        guard !numbers.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: numbers.count).joined(separator: ", ")
        let binds = numbers.map { SQLValue.text($0) }
        var unreflected: [String: Int64] = [:], lastPayment: [String: CalendarDate] = [:], disputed = Set<String>()
        for row in try await database.fetch(unreflectedQuery(where: "invoice_number IN (\(marks))"), binds + binds) {
            if case .text(let number) = row[0], case .int(let sum) = row[1] { unreflected[number] = sum }
        }
        for row in try await database.fetch(lastPaymentQuery(where: "a.invoice_number IN (\(marks))"), binds) {
            if case .text(let number) = row[0], case .text(let day) = row[1], let date = CalendarDate(iso: day) { lastPayment[number] = date }
        }
        for row in try await database.fetch("SELECT invoice_number FROM disputes WHERE status = 'open' AND invoice_number IN (\(marks))", binds) {
            if case .text(let number) = row[0] { disputed.insert(number) }
        }
        return try await database.fetch("""
            SELECT invoice_number, amount_minor, erp_open_minor, erp_paid_date, open_amount_minor, paid_date, disputed, status
            FROM invoices WHERE invoice_number IN (\(marks))
            """, binds).map { row in
                try Self.row(row, records: { number in
                    OpenAmountRule.Records(unreflected: unreflected[number] ?? 0, lastPaymentDate: lastPayment[number],
                                           openDispute: disputed.contains(number))
                })
            }
    }

    /// Per invoice, the sum of allocations and adjustments the ERP has not reflected. Binds the
    /// condition's values twice (allocations, then adjustments).
    static func unreflectedQuery(where condition: String) -> String {
        """
        SELECT invoice_number, CAST(SUM(amount) AS BIGINT) FROM (
            SELECT invoice_number, amount_minor + adjustment_minor AS amount FROM allocations WHERE erp_reflected_at IS NULL AND \(condition)
            UNION ALL
            SELECT invoice_number, amount_minor AS amount FROM invoice_adjustments WHERE erp_reflected_at IS NULL AND \(condition)
        ) unreflected GROUP BY invoice_number
        """
    }

    /// Per invoice, the value date of the latest applied payment that was not reversed.
    static func lastPaymentQuery(where condition: String) -> String {
        """
        SELECT a.invoice_number, MAX(t.value_date) FROM allocations a JOIN bank_transactions t ON t.id = a.transaction_id
        WHERE a.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM allocations r WHERE r.reverses = a.id) AND \(condition)
        GROUP BY a.invoice_number
        """
    }

    /// A stored invoice row (number, amount, erp_open, erp_paid, open, paid, disputed, status) read for the rule.
    static func row(_ values: [SQLValue], records: (String) -> OpenAmountRule.Records) throws -> Row {
        guard case .text(let number) = values[0], case .int(let amount) = values[1], case .int(let erpOpen) = values[2],
              case .int(let open) = values[4], case .text(let statusText) = values[7],
              let status = InvoiceStatus(rawValue: statusText) else {
            throw DatabaseError("invoices holds a row that cannot be read: \(values)")
        }
        func date(_ value: SQLValue) throws -> CalendarDate? {
            guard case .text(let text) = value else { return nil }
            guard let day = CalendarDate(iso: text) else { throw DatabaseError("invoice \(number) holds '\(text)', not a YYYY-MM-DD date") }
            return day
        }
        let disputed: Bool
        switch values[6] { case .bool(let flag): disputed = flag; case .int(let flag): disputed = flag != 0; default: disputed = false }
        let facts = OpenAmountRule.Facts(amount: amount, erpOpen: erpOpen, erpPaidDate: try date(values[3]))
        let stored = OpenAmountRule.Derived(open: open, paidDate: try date(values[5]), disputed: disputed, status: status, excess: 0)
        var result = Row(number: number, facts: facts, records: records(number), stored: stored)
        result.stored.excess = result.derived.excess
        return result
    }
}
