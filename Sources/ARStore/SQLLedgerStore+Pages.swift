import ARAgent
import ARCore
import SQLKit

/// Keyset pages for the API's long lists: `WHERE key > last ORDER BY key LIMIT n`, which the
/// primary keys serve directly, whatever page is asked for.
extension SQLLedgerStore: LedgerPages {
    public func invoicePage(status: InvoiceStatus?, after: InvoiceNumber?, limit: Int) async throws -> [Invoice] {
        let after = after?.rawValue ?? ""
        let query: SQLQueryString = if let status {
            "SELECT * FROM invoices WHERE status = \(bind: status.rawValue) AND invoice_number > \(bind: after) ORDER BY invoice_number LIMIT \(bind: limit)"
        } else {
            "SELECT * FROM invoices WHERE invoice_number > \(bind: after) ORDER BY invoice_number LIMIT \(bind: limit)"
        }
        return try await sql.raw(query).all().map(RowDecoding.invoice)
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
