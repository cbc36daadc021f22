import ARAgent
import ARCore
@testable import ARStore
import ARTestSupport
import Foundation
import Testing

/// The workbench's reads on every engine: a customer's story holds what happened to it and
/// nothing of another customer's; the audit log filters; cash position counts; and a read from
/// outside an open transaction never sees its writes before they are committed.
@Suite("Workbench queries")
struct WorkbenchQueriesTests {
    let today = CalendarDate(iso: "2026-06-15")!
    let usd = Currency(code: "USD")!

    func seed(_ store: SQLLedgerStore) async throws {
        let day = today.advanced(by: -60).iso, due = today.advanced(by: -20).iso
        let text = """
            invoice_number,customer_id,issue_date,due_date,currency,amount,customer_name
            A1,C1,\(day),\(due),USD,500.00,Acme
            A2,C1,\(day),\(due),USD,250.00,Acme
            B1,C2,\(day),\(due),USD,900.00,Globex

            """
        _ = try await ImportService(store: store).importFile(bytes: Array(text.utf8), file: "invoices.csv", kind: .invoices, options: ImportOptions())
    }

    func line(_ id: String, _ minor: Int64, payer: String, remittance: String) -> NewBankTransaction {
        NewBankTransaction(naturalKey: "ref||\(id)", format: "csv", accountID: nil, statementID: nil, bankReference: id, bookingDate: nil,
                           payment: IncomingPayment(id: PaymentID(id), valueDate: today, amount: Money(minorUnits: minor, currency: usd),
                                                    payerName: payer, remittance: remittance))
    }

    @Test("a customer's story: its invoices, payments, promises, disputes, holds and notes; none of another customer's", arguments: TestEnvironment.engines)
    func story(_ engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let stored = try await store.storeStatement([line("T1", 50_000, payer: "ACME", remittance: "A1"), line("T2", 90_000, payer: "GLOBEX", remittance: "B1")],
                                                         source: "s.csv", fingerprint: "f", actor: "test").stored
            for (transaction, invoice, customer, amount) in [(stored[0].id, "A1", "C1", Int64(50_000)), (stored[1].id, "B1", "C2", Int64(90_000))] {
                try await store.allocate(transactionID: transaction, allocations: [ProposedAllocation(invoice: InvoiceNumber(invoice), customer: CustomerID(customer),
                                                                                                     amount: Money(minorUnits: amount, currency: usd))],
                                         reason: "test", actor: "jane")
            }
            _ = try await store.addPromise(invoice: InvoiceNumber("A2"), date: today.advanced(by: 5), amount: nil, actor: "jane")
            try await store.openDispute(invoice: InvoiceNumber("A2"), type: DisputeType.allCases.first { $0 != .unspecified }!.rawValue, note: "wrong price", actor: "jane")
            _ = try await store.placeHold(.customer(CustomerID("C1")), reason: "credit review", until: nil, asOf: today, actor: "boss")
            try await store.addNote(customer: CustomerID("C1"), text: "called, <b>will pay</b> Friday", actor: "jane")
            try await store.addNote(customer: CustomerID("C2"), text: "Globex note", actor: "jane")

            let story = try #require(try await store.customerStory(CustomerID("C1"), limit: 50))
            #expect(story.customer.name == "Acme")
            #expect(Set(story.invoices.map(\.number.rawValue)) == ["A1", "A2"])
            #expect(story.invoices.first { $0.number.rawValue == "A1" }?.openAmount.minorUnits == 0)
            #expect(story.payments.map(\.allocation.invoice.rawValue) == ["A1"])
            #expect(story.payments.first?.payerName == "ACME")
            #expect(story.promises.map(\.invoice.rawValue) == ["A2"])
            #expect(story.disputes.map(\.note) == ["wrong price"])
            #expect(story.holds.map(\.reason) == ["credit review"])
            let notes = story.audit.filter { $0.event.action == CustomerTimeline.noteAction }
            #expect(notes.map(\.event.details) == ["called, <b>will pay</b> Friday"])
            #expect(!story.audit.contains { $0.event.details == "Globex note" || $0.event.entityID == "B1" })

            let events = CustomerTimeline.events(story)
            #expect(events.contains { $0.kind == .payment && $0.invoice?.rawValue == "A1" && $0.title.contains("500.00") })
            #expect(events.contains { $0.kind == .note && $0.detail.contains("will pay") })
            #expect(events.contains { $0.kind == .dispute } && events.contains { $0.kind == .promise } && events.contains { $0.kind == .hold })
            #expect(zip(events, events.dropFirst()).allSatisfy { $0.at >= $1.at }, "newest first")

            #expect(try await store.customerStory(CustomerID("nobody"), limit: 50) == nil)
            await #expect(throws: (any Error).self) { try await store.addNote(customer: CustomerID("nobody"), text: "x", actor: "jane") }

            let payments = try await store.payments(invoice: InvoiceNumber("B1"))
            #expect(payments.map(\.allocation.amount.minorUnits) == [90_000])
        }
    }

    @Test("the audit log filters by entity, id and person, newest first, in keyset pages", arguments: TestEnvironment.engines)
    func auditPages(_ engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            for index in 1...5 { try await store.addNote(customer: CustomerID("C1"), text: "note \(index)", actor: index.isMultiple(of: 2) ? "ann" : "bob") }
            let ann = try await store.auditPage(AuditFilter(actor: "ann"), limit: 10)
            #expect(ann.map(\.event.details) == ["note 4", "note 2"])
            let first = try await store.auditPage(AuditFilter(entity: .customer, entityID: "C1"), limit: 2)
            #expect(first.map(\.event.details) == ["note 5", "note 4"])
            let second = try await store.auditPage(AuditFilter(entity: .customer, entityID: "C1", before: first.last?.id), limit: 2)
            #expect(second.map(\.event.details) == ["note 3", "note 2"])
            #expect(try await store.auditPage(AuditFilter(entity: .invoice, entityID: "A1"), limit: 10).allSatisfy { $0.event.entityID == "A1" })
        }
    }

    @Test("cash position: unapplied cash by currency, lines waiting, and who applied the rest", arguments: TestEnvironment.engines)
    func cashPosition(_ engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            // A1 in full by invoice number (applied by the agent); an unknown payer (unmatched).
            _ = try await StatementImportService(store: store).importStatement(bytes: Array("""
                transaction_id,value_date,amount,currency,payer_name,remittance
                T1,\(today.iso),500.00,USD,ACME,Invoice A1
                T2,\(today.iso),33.00,USD,SOMEONE ELSE,hello

                """.utf8), file: "s.csv")
            let position = try await store.cashPosition()
            #expect(position.appliedAutomatically == 1)
            #expect(position.appliedByPeople == 0)
            #expect(position.unmatched + position.waitingForReview == 1)
            #expect(position.unapplied.map(\.minorUnits) == [3_300])
            #expect(position.autoRatePercent?.value == 5_000)
        }
    }

    /// The demo's statement on a small demo company (the browser tests' size, as of a fixed day)
    /// holds a line that, matched with the others, suggests an invoice another line of the same
    /// statement pays in full.
    @Test("a line of a statement is never left suggesting an invoice another line of the same statement paid", arguments: TestEnvironment.engines)
    func noStaleSuggestions(_ engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let day = CalendarDate(iso: "2026-12-02")!
            let company = DemoCompany(seed: 42, size: .init(customers: 120, invoices: 2_400), asOf: day)
            for records in [ParsedImport.Records.customers(company.customers), .invoices(company.invoices, customerNames: [:])] {
                let kind: ImportKind = if case .customers = records { .customers } else { .invoices }
                _ = try await store.store(ImportBatch(kind: kind, source: "demo", sourceFingerprint: "demo", actor: "demo", records: records))
            }
            let report = try await StatementImportService(store: store).importStatement(bytes: Array(DemoStatement.csv(company, asOf: day).utf8), file: "demo.csv")
            #expect(report.review > 0, "the demo statement leaves lines for review")
            for line in try await store.transactions(status: .review) {
                for suggestion in try await store.suggestions(transactionID: line.id) {
                    for allocation in suggestion.allocations {
                        let open = try #require(try await store.invoice(allocation.invoice)).openAmount
                        #expect(open.minorUnits >= allocation.amount.minorUnits, "line \(line.id) suggests \(allocation.invoice), which has \(open) open")
                    }
                }
            }
            #expect(try await store.verify(limit: 10).violations.isEmpty)
        }
    }

    @Test("a read from outside an open transaction waits for it: it never sees writes that are then rolled back", arguments: TestEnvironment.engines)
    func readsWaitForTransactions(_ engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let inside = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            async let transaction: Void = {
                do {
                    try await database.transaction { sql in
                        try await sql.raw("UPDATE customers SET name = 'Uncommitted' WHERE customer_id = 'C1'").run()
                        inside.continuation.yield()
                        for await _ in release.stream { break }
                        throw CancellationError()
                    }
                } catch is CancellationError {}
            }()
            for await _ in inside.stream { break }
            // Started while the transaction is open, and known to wait for it before it ends
            // (without the gate it would run inside the transaction and read the update).
            async let read = store.customers(ids: [CustomerID("C1")])
            // Bounded, so that a gate that lets it through fails the test instead of hanging it.
            var spins = 0
            while database.gate.waiting == 0 && spins < 100_000 {
                await Task.yield()
                spins += 1
            }
            release.continuation.yield()
            try await transaction
            #expect(try await read[CustomerID("C1")]?.name == "Acme")
        }
    }
}
