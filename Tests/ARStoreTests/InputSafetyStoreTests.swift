import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Testing

/// The store's side of "nothing crashes": report sums the database cannot hold (SQLite
/// "integer overflow", PostgreSQL "bigint out of range") are errors naming the customer and
/// currency; history and parents are judged with what the ledger knows; `--db` values are a
/// path or a URL and a URL's password never shows.
@Suite("Store: every input checked")
struct InputSafetyStoreTests {
    let day = CalendarDate(iso: "2026-06-10")!
    static let half = Int64.max / 2 + 1

    func seedHuge(_ store: SQLLedgerStore) async throws {
        _ = try await store.store(ImportBatch(kind: .customers, source: "seed", sourceFingerprint: "seed", actor: "test",
                                              records: .customers([Customer(id: "C1", name: "Acme"), Customer(id: "C2", name: "Small")])))
        let invoices = ["I1", "I2"].map { number in
            Invoice(number: InvoiceNumber(number), customerID: "C1", issueDate: day.advanced(by: -60), dueDate: day.advanced(by: -30),
                    amount: Money(minorUnits: Self.half, currency: .usd))
        } + [Invoice(number: "I3", customerID: "C2", issueDate: day.advanced(by: -60), dueDate: day.advanced(by: -30),
                     amount: Money(minorUnits: 100, currency: .usd))]
        _ = try await store.store(ImportBatch(kind: .invoices, source: "seed", sourceFingerprint: "seed", actor: "test",
                                              records: .invoices(invoices, customerNames: [:])))
    }

    @Test("report sums past Int64 are errors naming what overflowed, on each engine", arguments: TestEnvironment.engines)
    func reportOverflow(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seedHuge(store)
            let aging = await #expect(throws: DatabaseError.self) { try await store.agingReport(asOf: day) }
            #expect(aging?.message.contains("report aging: the open invoices of one customer in one currency add up to more than 92233720368547758.07") == true,
                    "\(String(describing: aging))")
            #expect(aging?.message.contains("(C1 in USD)") == true, "\(String(describing: aging))")
            let metrics = await #expect(throws: DatabaseError.self) { try await store.metricsInputs(from: day.advanced(by: -90), to: day) }
            #expect(metrics?.message.contains("report metrics: the invoices of one currency") == true, "\(String(describing: metrics))")
            let disputes = await #expect(throws: DatabaseError.self) { try await store.disputeSummary(asOf: day) }
            #expect(disputes?.message.contains("(USD)") == true, "\(String(describing: disputes))")
            // The connection is still usable afterwards.
            #expect(try await store.customers().count == 2)
        }
    }

    @Test("the ledger says which invoices exist, for history rows", arguments: TestEnvironment.engines)
    func existingInvoices(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seedHuge(store)
            #expect(try await store.existingInvoiceNumbers(among: ["I1", "I3", "NOPE"]) == ["I1", "I3"])
            let history = "transaction_id,value_date,amount,currency,customer_id,invoice_numbers\nH1,2026-05-01,1.00,USD,C2,I3\nH2,2026-05-01,1.00,USD,C2,NOPE\n"
            let error = await #expect(throws: ImportRejected.self) {
                try await ImportService(store: store).importFile(bytes: Array(history.utf8), file: "history.csv", kind: .history, options: ImportOptions())
            }
            #expect(error?.problems.map(\.description) == ["history.csv:3:6: invoice_numbers names 'NOPE', not a known invoice; import the invoices first (settled ones too), or correct the numbers"])
            #expect(try await store.historicalReceipts().isEmpty)
        }
    }

    @Test("--db values: a path, a PostgreSQL URL, or an error", arguments: [
        ("ledger.sqlite", true), ("/tmp/x/ledger.sqlite", true), ("C:ledger.sqlite", true), ("postgres://u:p@h:5432/d", true),
        ("postgresql://h/d", true), ("postgres:u:p@h", false), ("postgresql//x", false), ("mysql://u:p@h/d", false),
        ("postgres://", false), ("", false), ("postgres//h/d", false), ("postgres+uds://u@localhost/tmp/.s.PGSQL.5432#d", true),
        ("postgres+tcp://u@h/d", true),
    ])
    func locations(value: String, valid: Bool) {
        #expect(((try? DatabaseLocation(parsing: value)) != nil) == valid, "\(value)")
    }

    @Test("a URL's password is replaced in every form, parseable or not", arguments: [
        ("postgres://u:s3cr3t@h:5432/d", "postgres://u:***@h:5432/d"),
        ("postgres://u:s3c@r3t@h/d", "postgres://u:***@h/d"),
        ("postgres:u:s3cr3t@h", "postgres:u:***@h"),
        ("postgres://u:s3cr3t/h", "postgres://u:***/h"),
        ("postgres://h:5432/d?password=s3cr3t&sslmode=disable", "postgres://h:5432/d?password=***&sslmode=disable"),
        ("postgres://h:5432/d", "postgres://h:5432/d"),
        ("ledger:s3cr3t", "ledger:***"),
        ("/tmp/ledger.sqlite", "/tmp/ledger.sqlite"),
    ])
    func redaction(location: String, shown: String) {
        #expect(Database.redact(location) == shown)
    }
}
