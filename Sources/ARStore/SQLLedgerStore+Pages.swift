import ARAgent
import ARCore
import SQLKit

/// Keyset pages for the API's long lists: `WHERE key > last ORDER BY key LIMIT n`, which the
/// primary keys serve directly, whatever page is asked for.
extension SQLLedgerStore: LedgerPages {
    public func invoicePage(status: InvoiceStatus?, after: InvoiceNumber?, limit: Int) async throws -> [Invoice] {
        // Positional rows (Database.fetch), not sql-kit's decoding by column name: the API's
        // busiest route reads a hundred invoices a request, and decoding by name was most of it.
        var query = "SELECT \(Self.invoicePageColumns) FROM invoices WHERE invoice_number > ?"
        var binds: [SQLValue] = [.text(after?.rawValue ?? "")]
        if let status {
            query += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        query += " ORDER BY invoice_number LIMIT ?"
        binds.append(.int(Int64(limit)))
        return try await database.fetch(query, binds).map(Self.pagedInvoice)
    }

    static let invoicePageColumns = "invoice_number, customer_id, issue_date, due_date, currency, amount_minor, open_amount_minor, po_number, paid_date, disputed"

    /// An invoice read from ``invoicePageColumns``, with its derived open amount, paid date and dispute flag.
    static func pagedInvoice(_ row: [SQLValue]) throws -> Invoice {
        let read = RecordRow(row, table: "invoices")
        let currency = try read.currency(4)
        guard let issued = try read.optionalDate(2) else { throw read.error(2, "not an issue date") }
        guard let due = try read.optionalDate(3) else { throw read.error(3, "not a due date") }
        let disputed: Bool = switch row[9] {
        case .bool(let flag): flag
        case .int(let flag): flag != 0
        default: throw read.error(9, "not a boolean")
        }
        return Invoice(number: InvoiceNumber(try read.text(0)), customerID: CustomerID(try read.text(1)), issueDate: issued, dueDate: due,
                       amount: Money(minorUnits: try read.int(5), currency: currency), openAmount: Money(minorUnits: try read.int(6), currency: currency),
                       poNumber: read.optionalText(7), paidDate: try read.optionalDate(8), isDisputed: disputed)
    }

    public func customerPage(after: CustomerID?, limit: Int) async throws -> [Customer] {
        try await sql.raw("SELECT * FROM customers WHERE customer_id > \(bind: after?.rawValue ?? "") ORDER BY customer_id LIMIT \(bind: limit)")
            .all().map(RowDecoding.customer)
    }

    public func actionPage(status: ActionStatus?, after: String?, limit: Int) async throws -> [StoredAction] {
        var query = "SELECT \(Self.actionColumns) FROM actions WHERE id > ?"
        var binds: [SQLValue] = [.text(after ?? "")]
        if let status {
            query += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        query += " ORDER BY id LIMIT ?"
        binds.append(.int(Int64(limit)))
        return try await database.fetch(query, binds).map(Self.storedAction)
    }

    public func customers(ids: Set<CustomerID>) async throws -> [CustomerID: Customer] {
        var found: [CustomerID: Customer] = [:]
        // In chunks: one statement binds at most a few thousand values on either engine.
        for chunk in ids.map(\.rawValue).sorted().chunked(500) {
            var query = SQLQueryString("SELECT * FROM customers WHERE customer_id IN (")
            for (index, id) in chunk.enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: id)
            }
            query.appendLiteral(")")
            for customer in try await sql.raw(query).all().map(RowDecoding.customer) { found[customer.id] = customer }
        }
        return found
    }

    public func isReady() async -> Bool {
        guard let rows = try? await database.fetch("SELECT name FROM schema_migrations") else { return false }
        let applied = Set(rows.compactMap { row -> String? in if case .text(let name) = row.first { name } else { nil } })
        return Migrator.migrations.allSatisfy { applied.contains($0.name) }
    }
}
