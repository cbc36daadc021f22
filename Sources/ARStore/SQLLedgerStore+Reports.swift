import ARAgent
import ARCore
import SQLKit

/// The report queries. Each aggregates in the database, with bucket bounds and open-on-a-day
/// rules taken from ARCore, so that a million invoices are summed where they live; the tests
/// check every query against ARCore's in-memory definition.
extension SQLLedgerStore {
    /// What was outstanding at the end of the bound day `asOf` (see `Invoice.outstanding(atEndOf:)`).
    private func outstanding(_ asOf: String) -> SQLQueryString {
        "(CASE WHEN i.issue_date > \(bind: asOf) THEN 0 WHEN i.paid_date IS NULL THEN i.open_amount_minor WHEN i.paid_date <= \(bind: asOf) THEN 0 ELSE i.amount_minor END)"
    }

    /// Invoices that could be open at the end of `asOf`: issued by then and not paid by then.
    private func openFilter(_ asOf: String) -> SQLQueryString {
        "i.issue_date <= \(bind: asOf) AND (i.paid_date IS NULL OR i.paid_date > \(bind: asOf))"
    }

    public func agingReport(asOf: CalendarDate) async throws -> AgingReport {
        let day = asOf.iso
        var columns: [SQLQueryString] = []
        var lowerBoundOfPrevious: String?
        for bucket in AgingBucket.allCases {
            // Days past due ≤ max ⇔ due date ≥ as-of − max.
            let lowest = bucket.maximumDaysPastDue.map { asOf.advanced(by: -$0).iso }
            var condition: [SQLQueryString] = []
            if let lowest { condition.append("i.due_date >= \(bind: lowest)") }
            if let previous = lowerBoundOfPrevious { condition.append("i.due_date < \(bind: previous)") }
            let when = condition.isEmpty ? "1 = 1" : condition.joined(separator: " AND ")
            columns.append("SUM(CASE WHEN \(when) THEN \(outstanding(day)) ELSE 0 END) AS b\(unsafeRaw: String(bucket.rawValue))")
            lowerBoundOfPrevious = lowest
        }
        let query: SQLQueryString = """
            SELECT i.customer_id AS customer_id, c.name AS name, i.currency AS currency, \(columns.joined(separator: ", "))
            FROM invoices i JOIN customers c ON c.customer_id = i.customer_id
            WHERE \(openFilter(day))
            GROUP BY i.customer_id, c.name, i.currency
            """
        let rows = try await sql.raw(query).all()
        let customers = try rows.map { row -> CustomerAging in
            let currency = try RowDecoding.currency(row, "currency")
            let buckets = try AgingBucket.allCases.map { try row.decode(column: "b\($0.rawValue)", as: Int64.self) }
            return CustomerAging(customerID: CustomerID(try row.decode(column: "customer_id", as: String.self)),
                                 name: try row.decode(column: "name", as: String.self),
                                 row: AgingRow(currency: currency, buckets: buckets))
        }
        return AgingReport(asOf: asOf, customerRows: customers)
    }

    public func metricsInputs(from: CalendarDate, to: CalendarDate) async throws -> [MetricsInput] {
        let start = from.iso, end = to.iso, dayBefore = from.advanced(by: -1).iso
        let totals = try await sql.raw("""
            SELECT i.currency AS currency,
                   SUM(CASE WHEN i.issue_date >= \(bind: start) AND i.issue_date <= \(bind: end) THEN i.amount_minor ELSE 0 END) AS sales,
                   SUM(\(outstanding(dayBefore))) AS ar_begin,
                   SUM(\(outstanding(end))) AS ar_end,
                   SUM(CASE WHEN i.due_date >= \(bind: end) THEN \(outstanding(end)) ELSE 0 END) AS ar_end_current
            FROM invoices i
            WHERE i.issue_date <= \(bind: end)
            GROUP BY i.currency
            """).all()
        let months = try await sql.raw("""
            SELECT i.currency AS currency, SUBSTR(i.issue_date, 1, 7) AS month, SUM(i.amount_minor) AS sales
            FROM invoices i WHERE i.issue_date <= \(bind: end)
            GROUP BY i.currency, SUBSTR(i.issue_date, 1, 7)
            """).all()
        var salesByMonth: [Currency: [CalendarDate: Int64]] = [:]
        for row in months {
            let month = try row.decode(column: "month", as: String.self)
            guard let first = CalendarDate(iso: month + "-01") else { throw DatabaseError("invoices hold an issue month '\(month)' that is not a date") }
            salesByMonth[try RowDecoding.currency(row, "currency"), default: [:]][first] = try row.decode(column: "sales", as: Int64.self)
        }
        return try totals.map { row in
            let currency = try RowDecoding.currency(row, "currency")
            return MetricsInput(
                currency: currency, from: from, to: to,
                sales: try row.decode(column: "sales", as: Int64.self),
                arBegin: try row.decode(column: "ar_begin", as: Int64.self),
                arEnd: try row.decode(column: "ar_end", as: Int64.self),
                arEndCurrent: try row.decode(column: "ar_end_current", as: Int64.self),
                salesByMonth: salesByMonth[currency] ?? [:])
        }.sorted { $0.currency < $1.currency }
    }

    public func paymentBehaviour(asOf: CalendarDate) async throws -> [PaymentBehaviour] {
        let day = asOf.iso
        let late = database.daysBetween("i.due_date", "i.paid_date")
        let rows = try await sql.raw("""
            SELECT i.customer_id AS customer_id, COUNT(*) AS settled,
                   SUM(CASE WHEN i.paid_date > i.due_date THEN 1 ELSE 0 END) AS late_count,
                   SUM(CASE WHEN i.paid_date > i.due_date THEN \(unsafeRaw: late) ELSE 0 END) AS days_late
            FROM invoices i
            WHERE i.paid_date IS NOT NULL AND i.paid_date <= \(bind: day)
            GROUP BY i.customer_id
            ORDER BY i.customer_id
            """).all()
        return try rows.map { row in
            PaymentBehaviour(customerID: CustomerID(try row.decode(column: "customer_id", as: String.self)),
                             settledCount: try row.decode(column: "settled", as: Int.self),
                             lateCount: try row.decode(column: "late_count", as: Int.self),
                             totalDaysLate: try row.decode(column: "days_late", as: Int.self))
        }
    }

    public func largestOverdue(asOf: CalendarDate, limit: Int) async throws -> [Invoice] {
        let day = asOf.iso
        return try await sql.raw("""
            SELECT i.* FROM invoices i
            WHERE \(openFilter(day)) AND i.due_date < \(bind: day) AND \(outstanding(day)) <> 0
            ORDER BY \(outstanding(day)) DESC, i.invoice_number
            LIMIT \(bind: limit)
            """).all().map { row in
                var invoice = try RowDecoding.invoice(row)
                // Shown as it stood on the day: a later payment is not known then.
                invoice.openAmount = Money(minorUnits: invoice.outstanding(atEndOf: asOf), currency: invoice.currency)
                invoice.paidDate = nil
                return invoice
            }
    }

    public func disputeSummary(asOf: CalendarDate) async throws -> [DisputeSummary] {
        let day = asOf.iso
        let rows = try await sql.raw("""
            SELECT i.currency AS currency,
                   SUM(CASE WHEN i.disputed THEN \(outstanding(day)) ELSE 0 END) AS disputed_open,
                   SUM(CASE WHEN i.disputed THEN 1 ELSE 0 END) AS disputed_count,
                   SUM(\(outstanding(day))) AS total_open,
                   COUNT(*) AS open_count
            FROM invoices i
            WHERE \(openFilter(day)) AND \(outstanding(day)) <> 0
            GROUP BY i.currency ORDER BY i.currency
            """).all()
        return try rows.map { row in
            DisputeSummary(currency: try RowDecoding.currency(row, "currency"),
                           disputedOpen: try row.decode(column: "disputed_open", as: Int64.self),
                           disputedCount: try row.decode(column: "disputed_count", as: Int.self),
                           totalOpen: try row.decode(column: "total_open", as: Int64.self),
                           openCount: try row.decode(column: "open_count", as: Int.self))
        }
    }
}
