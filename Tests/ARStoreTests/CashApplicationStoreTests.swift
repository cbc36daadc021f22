import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Testing

/// Cash application in the ledger, against every engine: statements stored once, decisions
/// posted with their invariants, the review queue, reversals.
@Suite("Cash application store contract")
struct CashApplicationStoreTests {
    let usd = Currency.usd
    let day = CalendarDate(iso: "2026-06-30")!

    func money(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: usd) }

    func seed(_ store: SQLLedgerStore) async throws {
        let invoices = """
            invoice_number,customer_id,issue_date,due_date,currency,amount,customer_name
            INV-1,C1,2026-05-01,2026-05-31,USD,100.00,Acme Inc.
            INV-2,C1,2026-05-02,2026-06-01,USD,50.00,Acme Inc.
            INV-3,C2,2026-05-03,2026-06-02,USD,75.00,Globex

            """
        _ = try await ImportService(store: store).importFile(bytes: Array(invoices.utf8), file: "invoices.csv", kind: .invoices, options: ImportOptions())
    }

    func line(_ key: String, _ cents: Int64, remittance: String? = nil, name: String? = "ACME INC") -> NewBankTransaction {
        NewBankTransaction(naturalKey: key, format: "csv", accountID: "OURACCT", statementID: "S1", bankReference: key, bookingDate: day,
                           payment: IncomingPayment(id: PaymentID(key), valueDate: day, amount: money(cents), payerName: name,
                                                    payerAccount: "US99ACME000001", remittance: remittance))
    }

    func invariantHolds(_ store: SQLLedgerStore) async throws {
        for transaction in try await store.transactions(status: nil) {
            let allocated = try await store.allocations(transactionID: transaction.id).reduce(Int64(0)) { $0 + $1.amount.minorUnits }
            #expect(allocated + transaction.unapplied.minorUnits == transaction.line.payment.amount.minorUnits,
                    "allocations plus unapplied equal the payment for transaction \(transaction.id)")
        }
        for invoice in try await store.invoices() {
            #expect(!invoice.openAmount.isNegative && invoice.openAmount <= invoice.amount, "\(invoice.number) is not over-applied")
        }
    }

    @Test("a statement line is stored once, however often or overlapping the file is imported", arguments: TestEnvironment.engines)
    func dedupe(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let first = try await store.storeStatement([line("T1", 10_000), line("T2", 5_000)], source: "a", fingerprint: "a", actor: "test")
            #expect(first.stored.count == 2)
            let again = try await store.storeStatement([line("T1", 10_000), line("T2", 5_000)], source: "a", fingerprint: "a", actor: "test")
            #expect(again.stored.isEmpty)
            #expect(again.duplicates == 2)
            let overlapping = try await store.storeStatement([line("T2", 5_000), line("T3", 7_500)], source: "b", fingerprint: "b", actor: "test")
            #expect(overlapping.stored.map(\.line.naturalKey) == ["T3"])
            #expect(try await store.transactions(status: nil).count == 3)
        }
    }

    @Test("the service posts what it is sure of and queues the rest; a second run changes nothing", arguments: TestEnvironment.engines)
    func postAndQueue(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let stored = try await store.storeStatement([line("T1", 10_000, remittance: "INV-1"), line("T2", 2_000, remittance: "payment", name: "SOMEONE")],
                                                        source: "s", fingerprint: "s", actor: "test").stored
            let decisions = try await StatementImportService(store: store).match(stored)
            #expect(decisions.map(\.decision.outcome) == [.auto, .unmatched])
            let invoices = try await store.invoices()
            #expect(invoices.first { $0.number == "INV-1" }?.openAmount.isZero == true)
            #expect(invoices.first { $0.number == "INV-1" }?.paidDate == day)
            let applied = try await store.transactions(status: .applied)
            #expect(applied.map(\.line.naturalKey) == ["T1"])
            #expect(try await store.allocations(transactionID: applied[0].id).map(\.amount) == [money(10_000)])
            let audit = try await store.auditLog(limit: 50).map(\.event)
            #expect(audit.contains { $0.entity == .invoice && $0.entityID == "INV-1" && $0.action == "payment applied" })
            try await invariantHolds(store)
        }
    }

    @Test("an automatic decision that no longer fits the ledger is queued, never over-applied", arguments: TestEnvironment.engines)
    func staleDecision(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let stored = try await store.storeStatement([line("T1", 10_000), line("T2", 10_000)], source: "s", fingerprint: "s", actor: "test").stored
            let proposal = MatchProposal(allocations: [ProposedAllocation(invoice: "INV-1", customer: "C1", amount: money(10_000))],
                                         unapplied: .zero(usd), confidence: 990, reasons: ["test"])
            let decisions = stored.map { transaction in
                (transactionID: transaction.id, decision: MatchDecision(payment: transaction.line.payment, outcome: .auto, proposals: [proposal], summary: "test"))
            }
            try await store.record(decisions, actor: "test")
            #expect(try await store.transactions(status: .applied).count == 1)
            let queued = try await store.transactions(status: .review)
            #expect(queued.count == 1)
            #expect(queued.first?.summary.contains("not posted") == true)
            try await invariantHolds(store)
        }
    }

    @Test("review: accept a suggestion, split by hand, reject; the rest of a split stays unapplied", arguments: TestEnvironment.engines)
    func review(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let stored = try await store.storeStatement([line("T1", 15_000), line("T2", 12_000), line("T3", 999)], source: "s", fingerprint: "s", actor: "test").stored
            let suggestion = MatchProposal(allocations: [ProposedAllocation(invoice: "INV-1", customer: "C1", amount: money(10_000)),
                                                         ProposedAllocation(invoice: "INV-2", customer: "C1", amount: money(5_000))],
                                           unapplied: .zero(usd), confidence: 700, reasons: ["two invoices together"])
            try await store.record([(transactionID: stored[0].id, decision: MatchDecision(payment: stored[0].line.payment, outcome: .review,
                                                                                          proposals: [suggestion], summary: "not sure"))], actor: "test")
            let readBack = try await store.suggestions(transactionID: stored[0].id)
            #expect(readBack.map(\.invoices) == [["INV-1", "INV-2"]])
            #expect(readBack.first?.reasons == ["two invoices together"])
            try await store.allocate(transactionID: stored[0].id, allocations: readBack[0].allocations, reason: "accepted", actor: "jane")
            #expect(try await store.transaction(id: stored[0].id)?.status == .applied)

            // Split by hand: more than the cash is refused; less leaves the rest unapplied.
            await #expect(throws: CashApplicationError.self) {
                try await store.allocate(transactionID: stored[1].id, allocations: [ProposedAllocation(invoice: "INV-3", customer: "C2", amount: money(13_000))],
                                         reason: "too much", actor: "jane")
            }
            try await store.allocate(transactionID: stored[1].id, allocations: [ProposedAllocation(invoice: "INV-3", customer: "C2", amount: money(7_500))],
                                     reason: "split", actor: "jane")
            let split = try await store.transaction(id: stored[1].id)
            #expect(split?.status == .partiallyApplied)
            #expect(split?.unapplied == money(4_500))

            try await store.reject(transactionID: stored[2].id, note: "bank interest", actor: "jane")
            #expect(try await store.transaction(id: stored[2].id)?.status == .rejected)
            let audit = try await store.auditLog(limit: 50).map(\.event)
            #expect(audit.contains { $0.actor == "jane" && $0.action == "rejected" && $0.details == "bank interest" })
            try await invariantHolds(store)
        }
    }

    @Test("a reversal is a new, opposite entry: the invoice is open again and the cash unapplied", arguments: TestEnvironment.engines)
    func reversal(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let stored = try await store.storeStatement([line("T1", 10_000)], source: "s", fingerprint: "s", actor: "test").stored
            try await store.allocate(transactionID: stored[0].id, allocations: [ProposedAllocation(invoice: "INV-1", customer: "C1", amount: money(10_000))],
                                     reason: "by hand", actor: "jane")
            let original = try #require(try await store.allocations(transactionID: stored[0].id).first)
            try await store.reverse(allocationID: original.id, reason: "wrong customer", actor: "jane")
            let entries = try await store.allocations(transactionID: stored[0].id)
            #expect(entries.count == 2)
            #expect(entries[1].reverses == original.id)
            #expect(entries[1].amount == money(-10_000))
            #expect(try await store.invoices().first { $0.number == "INV-1" }?.openAmount == money(10_000))
            #expect(try await store.transaction(id: stored[0].id)?.unapplied == money(10_000))
            await #expect(throws: CashApplicationError.self) { try await store.reverse(allocationID: original.id, reason: "again", actor: "jane") }
            try await invariantHolds(store)
        }
    }

    @Test("applied transactions teach the matcher who pays for whom", arguments: TestEnvironment.engines)
    func learning(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let stored = try await store.storeStatement([line("T1", 10_000, remittance: "INV-1")], source: "s", fingerprint: "s", actor: "test").stored
            try await StatementImportService(store: store).match(stored)
            let inputs = try await store.matchingInputs()
            #expect(inputs.openInvoices.map(\.number).sorted() == ["INV-2", "INV-3"])
            #expect(inputs.history.contains { $0.payment.payerAccount == "US99ACME000001" && $0.customerID == "C1" })
        }
    }
}
