import ARAgent
import ARCore
@testable import ARStore
import ARTestSupport
import Foundation
import Testing

/// A bulk load drops the table's secondary indexes (and PostgreSQL's foreign keys) to build them
/// once after the load: the guarantees must be the same as row by row. Every index and foreign
/// key is back afterwards, and a row that breaks a foreign key still fails the whole load.
@Suite("Bulk loads keep the database's guarantees")
struct BulkLoadTests {
    /// What guards the invoices table, as the catalog describes it: indexes with their
    /// definitions, and foreign keys (with their definitions on PostgreSQL, as SQLite lists them).
    func guards(_ database: Database) async throws -> [String] {
        switch database.engine {
        case .sqlite:
            let indexes = try await database.fetch("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoices' ORDER BY name")
            let keys = try await database.fetch("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('invoices') ORDER BY \"from\"")
            return (indexes + keys).map { $0.map { $0.canonical ?? "NULL" }.joined(separator: " ") }
        case .postgres:
            let indexes = try await database.fetch("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'invoices' AND schemaname = current_schema() ORDER BY indexname")
            let constraints = try await database.fetch("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = CAST('invoices' AS regclass) ORDER BY conname
                """)
            return (indexes + constraints).map { $0.map { $0.canonical ?? "NULL" }.joined(separator: " ") }
        }
    }

    func invoiceRow(_ number: Int, customer: String, importID: Int64) -> [SQLValue] {
        let facts: [SQLValue] = [.text(String(format: "INV-%06d", number)), .text(customer), .text("2026-05-01"), .text("2026-05-31"),
                                 .text("USD"), .int(10_000), .int(10_000), .null, .null, .bool(false), .text("open")]
        return facts + TableSpec.derivedValues(ofNew: facts) + [.int(Int64(number)), .int(importID)]
    }

    static let columns = TableSpec.invoices.columns + TableSpec.invoiceDerivedColumns + ["content_hash", "import_id"]

    @Test("indexes and foreign keys are all back after a bulk load, and a row naming an unknown customer fails it whole",
          arguments: TestEnvironment.engines)
    func guardsSurvive(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let customers = "customer_id,name\nC1,Acme\n"
            _ = try await ImportService(store: store).importFile(bytes: Array(customers.utf8), file: "customers.csv", kind: .customers, options: ImportOptions())
            let importID = try #require(try await database.fetch("SELECT MAX(id) FROM import_batches").first?.first?.canonical.flatMap { Int64($0) })
            let before = try await guards(database)
            #expect(before.contains { $0.contains("invoices_aging") }, "the aging index is there to begin with")
            #expect(before.count >= 2, "indexes and a foreign key to compare")

            // The last row names a customer the ledger does not have.
            await #expect(throws: (any Error).self) {
                try await database.transaction { _ in
                    try await database.bulkLoading("invoices", bulk: true) {
                        try await database.insertRows(into: "invoices", columns: Self.columns, count: 1_000) { index in
                            invoiceRow(index, customer: index == 999 ? "NO-SUCH-CUSTOMER" : "C1", importID: importID)
                        }
                    }
                }
            }
            #expect(try await database.fetch("SELECT COUNT(*) FROM invoices").first?.first == .int(0), "nothing of the failed load stays")
            #expect(try await guards(database) == before, "the failed load left every index and foreign key as it was")

            try await database.transaction { _ in
                try await database.bulkLoading("invoices", bulk: true) {
                    try await database.insertRows(into: "invoices", columns: Self.columns, count: 1_000) { invoiceRow($0, customer: "C1", importID: importID) }
                }
            }
            #expect(try await database.fetch("SELECT COUNT(*) FROM invoices").first?.first == .int(1_000))
            #expect(try await guards(database) == before, "every index and foreign key is back after the load")
            // The re-added foreign key is enforced again, row by row.
            await #expect(throws: (any Error).self) {
                try await database.transaction { _ in
                    try await database.insertRows(into: "invoices", columns: Self.columns, rows: [invoiceRow(5_000, customer: "NO-SUCH-CUSTOMER", importID: importID)])
                }
            }
            let report = try await store.verify(limit: 10)
            #expect(report.violations == [])
        }
    }
}
