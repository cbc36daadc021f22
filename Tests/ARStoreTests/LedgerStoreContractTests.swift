import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import SQLKit
import Testing

/// The store's contract, run against every engine: SQLite always, PostgreSQL when
/// ARAGENT_TEST_POSTGRES_URL names a server (CI starts one).
@Suite("Ledger store contract")
struct LedgerStoreContractTests {
    static let customersCSV = """
        customer_id,name,email,payment_terms_days,credit_limit,currency,key_account
        C1,Acme Inc.,ap@acme.example,30,10000.00,USD,true
        C2,Globex GmbH,,45,,EUR,false

        """

    static let invoicesCSV = """
        invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,paid_date,disputed
        INV-1,C1,2026-01-01,2026-01-31,USD,1000.00,,,false
        INV-2,C1,2026-02-01,2026-03-03,USD,250.50,100.00,,true
        INV-3,C2,2026-01-15,2026-03-01,EUR,990.00,,2026-03-10,false

        """

    /// Everything a user could see change: every table's rows and the audit log.
    func snapshot(_ store: SQLLedgerStore) async throws -> String {
        let customers = try await store.customers()
        let invoices = try await store.invoices()
        let receipts = try await store.historicalReceipts()
        let audit = try await store.auditLog(limit: 10_000)
        return "\(customers)\n\(invoices)\n\(receipts)\n\(audit)"
    }

    func importFile(_ store: SQLLedgerStore, _ text: String, _ kind: ImportKind, options: ImportOptions = ImportOptions()) async throws -> ImportReport {
        try await ImportService(store: store).importFile(bytes: Array(text.utf8), file: "\(kind.rawValue).csv", kind: kind, options: options)
    }

    @Test("importing the same files twice changes nothing the second time", arguments: TestEnvironment.engines)
    func idempotent(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let first = try await importFile(store, Self.customersCSV, .customers)
            #expect(first.outcome.inserted == 2)
            let invoices = try await importFile(store, Self.invoicesCSV, .invoices)
            #expect(invoices.outcome.inserted == 3)
            let before = try await snapshot(store)

            let again = try await importFile(store, Self.invoicesCSV, .invoices)
            let customersAgain = try await importFile(store, Self.customersCSV, .customers)
            #expect(again.outcome == ImportOutcome(inserted: 0, updated: 0, unchanged: 3))
            #expect(!customersAgain.outcome.changedAnything)
            #expect(try await snapshot(store) == before)
            #expect(try await store.invoices().first { $0.number == "INV-2" }?.openAmount.minorUnits == 10_000)
        }
    }

    @Test("a file with one malformed row is rejected whole and leaves the ledger unchanged", arguments: TestEnvironment.engines)
    func allOrNothing(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            _ = try await importFile(store, Self.customersCSV, .customers)
            let before = try await snapshot(store)
            let bad = Self.invoicesCSV + "INV-4,C1,2026-02-01,2026-03-03,USD,12.3.4,,,false\n"
            do {
                _ = try await importFile(store, bad, .invoices)
                Issue.record("a malformed file was accepted")
            } catch let rejected as ImportRejected {
                #expect(rejected.problems.map(\.description) == [
                    "invoices.csv:5:6: amount '12.3.4' is not a decimal amount; write digits with a '.' before the cents, such as 1234.50 (USD has 2 decimals)"])
            }
            #expect(try await snapshot(store) == before)
        }
    }

    @Test("a changed row is updated and its audit entry says what changed", arguments: TestEnvironment.engines)
    func updates(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            _ = try await importFile(store, Self.customersCSV, .customers)
            _ = try await importFile(store, Self.invoicesCSV, .invoices)
            let changed = Self.invoicesCSV.replacingOccurrences(of: "INV-1,C1,2026-01-01,2026-01-31,USD,1000.00,,,false",
                                                                with: "INV-1,C1,2026-01-01,2026-01-31,USD,1000.00,400.00,,true")
            let report = try await importFile(store, changed, .invoices)
            #expect(report.outcome.updated == 1)
            #expect(report.outcome.unchanged == 2)
            let entry = try #require(try await store.auditLog(limit: 10).first { $0.event.entity == .invoice })
            #expect(entry.event.entityID == "INV-1")
            #expect(entry.event.action == "updated")
            #expect(entry.event.details == "erp_open_minor: 100000 → 40000; erp_disputed: false → true")
            let invoice = try #require(try await store.invoices().first { $0.number == "INV-1" })
            #expect(invoice.openAmount.minorUnits == 40_000)
            #expect(invoice.isDisputed)
        }
    }

    @Test("invoices for unknown customers create placeholders that a customer import completes", arguments: TestEnvironment.engines)
    func placeholders(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let report = try await importFile(store, Self.invoicesCSV, .invoices)
            #expect(report.outcome.createdCustomers == ["C1", "C2"])
            #expect(try await store.customers().map(\.name) == ["C1", "C2"])
            let completed = try await importFile(store, Self.customersCSV, .customers)
            #expect(completed.outcome.updated == 2)
            #expect(try await store.customers().map(\.name) == ["Acme Inc.", "Globex GmbH"])

            await #expect(throws: UnknownCustomers.self) {
                _ = try await ImportService(store: store).importFile(
                    bytes: Array("invoice_number,customer_id,issue_date,due_date,currency,amount\nX,C9,2026-01-01,2026-01-02,USD,1\n".utf8),
                    file: "x.csv", kind: .invoices, options: ImportOptions(), strictCustomers: true)
            }
        }
    }

    @Test("a customer naming a parent the ledger does not know is imported with a warning", arguments: TestEnvironment.engines)
    func unknownParent(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let report = try await importFile(store, "customer_id,name,parent_customer_id\nC1,One,\nC2,Two,C1\nC3,Three,C9\n", .customers)
            #expect(report.outcome.inserted == 3)
            #expect(report.warnings == ["customers.csv:4: parent_customer_id 'C9' of 'C3' is not a customer yet; import it to link them"])
        }
    }

    @Test("a transaction that fails half-way leaves nothing behind", arguments: TestEnvironment.engines)
    func rollback(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO customers (customer_id, name, key_account, placeholder, content_hash) VALUES ('Z', 'Zed', false, false, 0)").run()
                    throw Boom()
                }
            }
            let customers = try await SQLLedgerStore(database: database).customers()
            #expect(customers.isEmpty)
        }
    }

    @Test("the report queries agree with the core's definitions on a demo ledger", arguments: TestEnvironment.engines)
    func reportsAgreeWithCore(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let today = CalendarDate(iso: "2026-06-30")!
            let company = DemoCompany(seed: 11, size: .init(customers: 60, invoices: 1_500), asOf: today)
            _ = try await store.store(ImportBatch(kind: .customers, source: "demo", sourceFingerprint: "t", actor: "test", records: .customers(company.customers)))
            _ = try await store.store(ImportBatch(kind: .invoices, source: "demo", sourceFingerprint: "t", actor: "test", records: .invoices(company.invoices, customerNames: [:])))
            let invoices = try await store.invoices()
            #expect(invoices.count == 1_500)
            let names = Dictionary(uniqueKeysWithValues: company.customers.map { ($0.id, $0.name) })

            for day in [today, today.advanced(by: -45), today.advanced(by: -200), today.advanced(by: 30)] {
                let fromStore = try await store.agingReport(asOf: day)
                #expect(try fromStore == AgingReport(asOf: day, invoices: invoices, customerNames: names), "aging on \(day)")
                let behaviour = try await store.paymentBehaviour(asOf: day)
                let expected = PaymentBehaviour.profiles(invoices: invoices, asOf: day)
                #expect(behaviour == expected.values.sorted { $0.customerID < $1.customerID }, "behaviour on \(day)")
            }
            let from = CalendarDate(iso: "2026-04-01")!
            let inputs = try await store.metricsInputs(from: from, to: today)
            #expect(!inputs.isEmpty)
            for input in inputs {
                #expect(try input == MetricsInput.compute(invoices: invoices, currency: input.currency, from: from, to: today))
            }
            let overdue = try await store.largestOverdue(asOf: today, limit: 5)
            let expectedOverdue = invoices.filter { $0.outstanding(atEndOf: today) != 0 && $0.dueDate < today }
                .sorted { ($0.outstanding(atEndOf: today), $1.number) > ($1.outstanding(atEndOf: today), $0.number) }.prefix(5)
            #expect(overdue.map(\.number) == expectedOverdue.map(\.number))
            let disputes = try await store.disputeSummary(asOf: today)
            let open = invoices.filter { $0.outstanding(atEndOf: today) != 0 }
            #expect(disputes.reduce(0) { $0 + $1.openCount } == open.count)
            #expect(disputes.reduce(0) { $0 + $1.disputedCount } == open.filter(\.isDisputed).count)
        }
    }

    @Test("without ARAGENT_TEST_POSTGRES_URL the store contract runs on SQLite only", .enabled(if: TestEnvironment.postgresURL == nil, "not needed: PostgreSQL is configured and the contract runs on it"))
    func postgresSkipped() {
        print("ARAGENT_TEST_POSTGRES_URL is not set: the store contract ran on SQLite only (CI sets it).")
    }
}

