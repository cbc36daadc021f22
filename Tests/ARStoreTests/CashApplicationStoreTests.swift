import ARAgent
import ARBankFormats
import ARCore
import ARStore
import ARTestSupport
import Foundation
import SQLKit
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
            try await store.record(decisions, context: "test", actor: "test")
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
                                                                                          proposals: [suggestion], summary: "not sure"))], context: "test", actor: "test")
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
            #expect(audit.contains { $0.actor == "jane" && $0.action == "rejected" && $0.details == "status: new → rejected; bank interest" })
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

// MARK: Postings: keys, the status machine, atomic and concurrent writes

extension CashApplicationStoreTests {
    func credit(_ reference: String?, _ cents: Int64, payer: String, account: String = "US99ACME000001", remittance: String? = nil) -> BankTransaction {
        BankTransaction(bankReference: reference, bookingDate: day, valueDate: day, amount: money(cents), payerName: payer,
                        payerAccount: account, remittance: remittance)
    }

    func file(_ format: BankFileFormat, _ credits: [BankTransaction], statement: String = "S1") -> String {
        switch format {
        case .camt053: StatementWriter.camt053(credits, account: "DE00OURS", statementID: statement, created: day)
        case .mt940: StatementWriter.mt940(credits, account: "NL91ABNA0417164300", statementID: statement, created: day)
        default: StatementWriter.csv(credits)
        }
    }

    func importing(_ store: SQLLedgerStore, _ text: String, as name: String = "statement") async throws -> StatementImportReport {
        try await StatementImportService(store: store).importStatement(bytes: Array(text.utf8), file: name)
    }

    func open(_ store: SQLLedgerStore, _ number: InvoiceNumber) async throws -> Money? {
        try await store.invoices().first { $0.number == number }?.openAmount
    }

    func allocation(_ invoice: InvoiceNumber, _ customer: CustomerID, _ cents: Int64) -> ProposedAllocation {
        ProposedAllocation(invoice: invoice, customer: customer, amount: money(cents))
    }

    /// Every invoice's stored open amount, paid date and status are what the one rule derives
    /// from the ERP's facts and the allocations (none of them reflected by the ERP in these tests).
    func ruleHolds(_ database: Database) async throws {
        let allocated = Dictionary(try await database.sql.raw("""
            SELECT invoice_number, CAST(SUM(amount_minor + adjustment_minor) AS BIGINT) AS settled FROM allocations GROUP BY invoice_number
            """).all().map { (try $0.decode(column: "invoice_number", as: String.self), try $0.decode(column: "settled", as: Int64.self)) },
            uniquingKeysWith: { first, _ in first })
        for row in try await database.sql.raw("SELECT invoice_number, amount_minor, erp_open_minor, open_amount_minor, status FROM invoices").all() {
            let number = try row.decode(column: "invoice_number", as: String.self)
            let amount = try row.decode(column: "amount_minor", as: Int64.self)
            let erpOpen = try row.decode(column: "erp_open_minor", as: Int64.self)
            let derived = OpenAmountRule.derive(OpenAmountRule.Facts(amount: amount, erpOpen: erpOpen, erpPaidDate: nil),
                                                OpenAmountRule.Records(unreflected: allocated[number] ?? 0))
            #expect(try row.decode(column: "open_amount_minor", as: Int64.self) == derived.open, "\(number): open amount is the rule's")
            #expect(try row.decode(column: "status", as: String.self) == derived.status.rawValue, "\(number): status is the rule's")
            #expect(derived.excess == 0, "\(number): allocations never exceed what the ERP says is open")
        }
    }

    @Test("two different credits sharing a bank reference in one file are both stored; the same or an overlapping file adds nothing",
          arguments: TestEnvironment.engines, [BankFileFormat.csv, .mt940, .camt053])
    func sharedReference(engine: DatabaseEngine, format: BankFileFormat) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let credits = [credit("T1", 10_000, payer: "ACME INC"), credit("T1", 7_500, payer: "GLOBEX", account: "DE89370400440532013000"),
                           credit("T1", 10_000, payer: "INITECH", account: "US11INIT0001")]
            let first = try await importing(store, file(format, credits))
            #expect(first.credits == 3)
            #expect(first.stored == 3, "every credit is stored; none is taken for another that shares its reference")
            #expect(try await store.transactions(status: nil).map(\.line.payment.payerName) == ["ACME INC", "GLOBEX", "INITECH"])
            let again = try await importing(store, file(format, credits))
            #expect(again.stored == 0)
            #expect(again.duplicates == 3)
            let overlapping = try await importing(store, file(format, credits + [credit("T2", 2_500, payer: "HOOLI")], statement: "S2"))
            #expect(overlapping.stored == 1)
            #expect(overlapping.duplicates == 3)
            #expect(try await store.transactions(status: nil).count == 4)
            try await invariantHolds(store)
        }
    }

    @Test("camt lines whose reference is NOTPROVIDED are told apart by payer and text, across intraday reports", arguments: TestEnvironment.engines)
    func placeholderReference(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let acme = credit("NOTPROVIDED", 10_000, payer: "ACME INC", remittance: "INV-1")
            let globex = credit("NOTPROVIDED", 10_000, payer: "GLOBEX", account: "DE89370400440532013000", remittance: "INV-3")
            #expect(try await importing(store, file(.camt053, [acme], statement: "MORNING")).stored == 1)
            #expect(try await importing(store, file(.camt053, [globex], statement: "AFTERNOON")).stored == 1,
                    "the afternoon's credit is another payment, not the morning's again")
            let endOfDay = try await importing(store, file(.camt053, [acme, globex], statement: "DAY"))
            #expect(endOfDay.stored == 0)
            #expect(endOfDay.duplicates == 2)
        }
    }

    @Test("lines stored under the old reference-only key are re-keyed by migration 006: re-importing the old file adds nothing",
          arguments: TestEnvironment.engines)
    func rekeyedByMigration(engine: DatabaseEngine) async throws {
        let location = try await TestEnvironment.freshDatabaseLocation(engine)
        let text = file(.camt053, [credit("T1", 10_000, payer: "ACME INC"), credit("T2", 7_500, payer: "GLOBEX")])
        try await TestEnvironment.withConnections(to: location, count: 1) { databases in
            let store = SQLLedgerStore(database: databases[0])
            #expect(try await importing(store, text).stored == 2)
            // As the first release stored them: `ref|ACCOUNT|REFERENCE`, and migration 006 not yet run.
            try await databases[0].sql.raw("UPDATE bank_transactions SET natural_key = 'ref|' || account_id || '|' || bank_reference").run()
            try await databases[0].sql.raw("DELETE FROM schema_migrations WHERE name = '2026-12-02-006-postings'").run()
        }
        try await TestEnvironment.withConnections(to: location, count: 1) { databases in
            let store = SQLLedgerStore(database: databases[0])
            let again = try await importing(store, text)
            #expect(again.stored == 0, "the re-keyed lines are found again")
            #expect(try await store.transactions(status: nil).map(\.line.naturalKey) == ["entry|DE00OURS|T1|2026-06-30|USD|10000|1",
                                                                                         "entry|DE00OURS|T2|2026-06-30|USD|7500|1"])
        }
    }

    @Test("a stale automatic decision leaves no partial allocations: the whole payment is queued", arguments: TestEnvironment.engines)
    func staleDecisionWritesNothing(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let lines = try await store.storeStatement([line("T1", 5_000), line("T2", 15_000)], source: "s", fingerprint: "s", actor: "test").stored
            // The matcher decided T2 (INV-1 and INV-2 together) before a person applied T1 to INV-2.
            let proposal = MatchProposal(allocations: [allocation("INV-1", "C1", 10_000), allocation("INV-2", "C1", 5_000)],
                                         unapplied: .zero(usd), confidence: 990, reasons: ["two invoices together"])
            try await store.allocate(transactionID: lines[0].id, allocations: [allocation("INV-2", "C1", 5_000)], reason: "by hand", actor: "jane")
            let recorded = try await store.record([(transactionID: lines[1].id, decision: MatchDecision(
                payment: lines[1].line.payment, outcome: .auto, proposals: [proposal], summary: "sure"))], context: "test", actor: "agent")
            #expect(recorded.map(\.to) == [.review])
            #expect(try await store.allocations(transactionID: lines[1].id).isEmpty, "nothing of the stale decision was written")
            #expect(try await open(store, "INV-1") == money(10_000))
            #expect(try await store.transaction(id: lines[1].id)?.unapplied == money(15_000))
            #expect(try await store.suggestions(transactionID: lines[1].id).map(\.invoices) == [["INV-1", "INV-2"]])
            try await invariantHolds(store)
            try await ruleHolds(database)
        }
    }

    @Test("a decision the database refuses part-way is undone whole (its savepoint); the batch's other decisions stand",
          arguments: TestEnvironment.engines)
    func decisionSavepoint(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let lines = try await store.storeStatement([line("T1", 15_000), line("T2", 7_500)], source: "s", fingerprint: "s", actor: "test").stored
            // INV-2's row holds a paid date the ledger cannot read: recomputing its state fails after
            // T1's cash, INV-1's open amount and INV-1's allocation were already written.
            try await database.sql.raw("UPDATE invoices SET paid_date = 'not-a-date' WHERE invoice_number = 'INV-2'").run()
            func decision(_ line: StoredBankTransaction, _ allocations: [ProposedAllocation]) -> (transactionID: Int64, decision: MatchDecision) {
                (line.id, MatchDecision(payment: line.line.payment, outcome: .auto,
                                        proposals: [MatchProposal(allocations: allocations, unapplied: .zero(usd), confidence: 990, reasons: ["test"])],
                                        summary: "sure"))
            }
            let recorded = try await store.record([decision(lines[0], [allocation("INV-1", "C1", 10_000), allocation("INV-2", "C1", 5_000)]),
                                                   decision(lines[1], [allocation("INV-3", "C2", 7_500)])], context: "test", actor: "agent")
            #expect(recorded.map(\.to) == [.review, .applied])
            #expect(recorded.first?.summary.contains("not-a-date") == true, "the reason is kept for the person who looks")
            // A person corrects the row; the ledger reads again.
            try await database.sql.raw("UPDATE invoices SET paid_date = NULL WHERE invoice_number = 'INV-2'").run()
            #expect(try await store.allocations(transactionID: lines[0].id).isEmpty)
            #expect(try await open(store, "INV-1") == money(10_000))
            #expect(try await store.transaction(id: lines[0].id)?.unapplied == money(15_000))
            #expect(try await open(store, "INV-3") == money(0))
            try await invariantHolds(store)
        }
    }

    @Test("posting decrements the open amount exactly as the rule derives it, paid date and status included", arguments: TestEnvironment.engines)
    func decrementAgreesWithRule(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let lines = try await store.storeStatement([line("T1", 4_000), line("T2", 6_000)], source: "s", fingerprint: "s", actor: "test").stored
            try await store.allocate(transactionID: lines[0].id, allocations: [allocation("INV-1", "C1", 4_000)], reason: "part", actor: "jane")
            var invoice = try #require(try await store.invoices().first { $0.number == "INV-1" })
            #expect(invoice.openAmount == money(6_000))
            #expect(invoice.paidDate == nil)
            try await ruleHolds(database)
            try await store.allocate(transactionID: lines[1].id, allocations: [allocation("INV-1", "C1", 6_000)], reason: "rest", actor: "jane")
            invoice = try #require(try await store.invoices().first { $0.number == "INV-1" })
            #expect(invoice.openAmount == money(0))
            #expect(invoice.paidDate == day)
            try await ruleHolds(database)
            let audit = try await store.auditLog(limit: 20).map(\.event)
            #expect(audit.contains { $0.entityID == "INV-1" && $0.details.hasSuffix("open 60.00 → 0.00") })
        }
    }

    @Test("an applied line is not rejected or split until reversed; a rejected line is not split until re-opened", arguments: TestEnvironment.engines)
    func lifecycleRefusals(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let lines = try await store.storeStatement([line("T1", 10_000), line("T2", 12_000)], source: "s", fingerprint: "s", actor: "test").stored
            try await store.allocate(transactionID: lines[0].id, allocations: [allocation("INV-1", "C1", 10_000)], reason: "by hand", actor: "jane")
            try await store.allocate(transactionID: lines[1].id, allocations: [allocation("INV-3", "C2", 7_500)], reason: "part", actor: "jane")
            for (id, status) in [(lines[0].id, TransactionStatus.applied), (lines[1].id, .partiallyApplied)] {
                let refused = await #expect(throws: CashApplicationError.self) { try await store.reject(transactionID: id, note: "interest", actor: "jane") }
                #expect(refused?.description.contains("reverse its allocations first") == true, "\(refused?.description ?? "")")
                await #expect(throws: CashApplicationError.self) {
                    try await store.allocate(transactionID: id, allocations: [allocation("INV-2", "C1", 1_000)], reason: "more", actor: "jane")
                }
                #expect(try await store.transaction(id: id)?.status == status)
            }
            #expect(try await store.allocations(transactionID: lines[0].id).count == 1, "the allocation still stands")

            // Reversed, the line is unmatched again and may be rejected; then it is not split until re-opened.
            let original = try #require(try await store.allocations(transactionID: lines[0].id).first)
            try await store.reverse(allocationID: original.id, reason: "not ours", actor: "jane")
            #expect(try await store.transaction(id: lines[0].id)?.status == .unmatched)
            try await store.reject(transactionID: lines[0].id, note: "a refund, not a payment", actor: "jane")
            let split = await #expect(throws: CashApplicationError.self) {
                try await store.allocate(transactionID: lines[0].id, allocations: [allocation("INV-2", "C1", 5_000)], reason: "split", actor: "jane")
            }
            #expect(split?.description.contains("re-open it first") == true)
            await #expect(throws: CashApplicationError.self) { try await store.reopen(transactionID: lines[1].id, note: "x", actor: "jane") }
            try await store.reopen(transactionID: lines[0].id, note: "it was a payment after all", actor: "jane")
            #expect(try await store.transaction(id: lines[0].id)?.status == .unmatched)
            try await store.allocate(transactionID: lines[0].id, allocations: [allocation("INV-2", "C1", 5_000)], reason: "split", actor: "jane")
            #expect(try await store.transaction(id: lines[0].id)?.status == .partiallyApplied)

            // Every transition is audited with who and why, and each one is allowed.
            let transitions = try await store.auditLog(limit: 100).filter { $0.event.entity == .payment }
                .compactMap { entry in BankLineLifecycle.transition(inAuditDetails: entry.event.details).map { (entry, $0) } }
            #expect(transitions.count == 6)
            #expect(transitions.allSatisfy { BankLineLifecycle.allowed(from: $0.1.from, to: $0.1.to) && $0.0.event.actor == "jane" })
            #expect(transitions.contains { $0.1 == (.rejected, .unmatched) && $0.0.event.details.hasSuffix("it was a payment after all") })
            try await invariantHolds(store)
            try await ruleHolds(database)
        }
    }

    @Test("reversal then re-application: open never exceeds the amount, allocations plus unapplied equal the payment",
          arguments: TestEnvironment.engines)
    func reverseAndReapply(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let export = """
                invoice_number,customer_id,issue_date,due_date,currency,amount,po_number,customer_name
                INV-9,C1,2026-05-01,2026-05-31,USD,209.50,PO-1,Acme Inc.

                """
            _ = try await ImportService(store: store).importFile(bytes: Array(export.utf8), file: "invoices.csv", kind: .invoices, options: ImportOptions())
            let lines = try await store.storeStatement([line("T1", 20_950), line("T2", 20_950)], source: "s", fingerprint: "s", actor: "test").stored
            try await store.allocate(transactionID: lines[0].id, allocations: [allocation("INV-9", "C1", 20_950)], reason: "paid", actor: "jane")
            // The ERP's export changes the row (not yet reflecting the payment), then a person reverses.
            _ = try await ImportService(store: store).importFile(bytes: Array(export.replacingOccurrences(of: "PO-1", with: "PO-2").utf8),
                                                                 file: "invoices.csv", kind: .invoices, options: ImportOptions())
            let original = try #require(try await store.allocations(transactionID: lines[0].id).first)
            try await store.reverse(allocationID: original.id, reason: "wrong customer", actor: "jane")
            #expect(try await open(store, "INV-9") == money(20_950), "the invoice is open for its amount, never more")
            await #expect(throws: CashApplicationError.self) { try await store.reverse(allocationID: original.id, reason: "again", actor: "jane") }
            // Re-applied by hand; then a second payment is not applied on top of it.
            try await store.allocate(transactionID: lines[0].id, allocations: [allocation("INV-9", "C1", 20_950)], reason: "right customer", actor: "jane")
            #expect(try await open(store, "INV-9") == money(0))
            let proposal = MatchProposal(allocations: [allocation("INV-9", "C1", 20_950)], unapplied: .zero(usd), confidence: 990, reasons: ["stale"])
            let recorded = try await store.record([(transactionID: lines[1].id, decision: MatchDecision(
                payment: lines[1].line.payment, outcome: .auto, proposals: [proposal], summary: "sure"))], context: "test", actor: "agent")
            #expect(recorded.map(\.to) == [.review])
            #expect(try await open(store, "INV-9") == money(0))
            #expect(try await store.allocations(transactionID: lines[0].id).map(\.amount) == [money(20_950), money(-20_950), money(20_950)])
            #expect(try await store.transaction(id: lines[0].id)?.unapplied == money(0))
            #expect(try await store.allocations(transactionID: lines[1].id).isEmpty)
            try await invariantHolds(store)
            try await ruleHolds(database)
        }
    }

    @Test("lines left new by a crash between storing and matching are matched by the next import and by rematch",
          arguments: TestEnvironment.engines)
    func strandedLines(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            // The crash: a statement's lines were stored, and matching never ran.
            let stranded = try await store.storeStatement([line("T1", 10_000, remittance: "INV-1")], source: "a", fingerprint: "a", actor: "test").stored
            #expect(try await store.transactions(status: .new).map(\.id) == stranded.map(\.id))
            let report = try await importing(store, file(.csv, [credit("T9", 1_234, payer: "OUR BANK", account: "US00BANK", remittance: "INTEREST")]))
            #expect(report.stored == 1)
            #expect(report.recovered == 1)
            #expect(try await store.transaction(id: stranded[0].id)?.status == .applied)
            #expect(try await store.transactions(status: .new).isEmpty)

            // Another crash, then `aragent rematch`.
            let again = try await store.storeStatement([line("T2", 5_000, remittance: "INV-2")], source: "b", fingerprint: "b", actor: "test").stored
            let rematched = try await StatementImportService(store: store).rematch(since: nil)
            #expect(rematched.lines.contains { $0.line.id == again[0].id && $0.recorded.to == .applied })
            #expect(try await store.transaction(id: again[0].id)?.status == .applied)
            let audit = try await store.auditLog(limit: 50).map(\.event)
            #expect(audit.contains { $0.entityID == String(stranded[0].id) && $0.details.hasPrefix("status: new → applied; import of statement") })
            #expect(audit.contains { $0.entityID == String(again[0].id) && $0.details.hasPrefix("status: new → applied; rematch") })
            try await invariantHolds(store)
        }
    }

    @Test("rematch applies what arrived before its invoices and never touches what a person decided", arguments: TestEnvironment.engines)
    func rematchKeepsDecisions(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let service = StatementImportService(store: store)
            let lines = try await store.storeStatement([line("T1", 10_000, remittance: "INV-1"), line("T2", 5_000, remittance: "INV-2"),
                                                        line("T3", 999, remittance: "INTEREST", name: "OUR BANK")],
                                                       source: "s", fingerprint: "s", actor: "test").stored
            try await service.match(lines)
            #expect(try await store.transactions(status: .unmatched).count == 3, "no invoices yet")
            try await store.reject(transactionID: lines[2].id, note: "bank interest", actor: "jane")
            try await seed(store)
            #expect(try await service.rematch(since: CalendarDate(iso: "2026-07-01")).lines.isEmpty, "nothing dated on or after July 1")
            let report = try await service.rematch(since: day)
            #expect(report.lines.map(\.line.id) == [lines[0].id, lines[1].id])
            #expect(report.count([.applied]) == 2)
            #expect(try await store.transaction(id: lines[2].id)?.status == .rejected)
            #expect(try await service.rematch(since: nil).lines.isEmpty, "applied and rejected lines are not matched again")
            // A line whose allocation a person reversed is suggested again, never posted again on its own.
            let first = try #require(try await store.allocations(transactionID: lines[0].id).first)
            try await store.reverse(allocationID: first.id, reason: "wrong invoice", actor: "jane")
            let after = try await service.rematch(since: nil)
            #expect(after.lines.map(\.recorded.to) == [.review])
            #expect(try await store.allocations(transactionID: lines[0].id).count == 2)
            try await invariantHolds(store)
            try await ruleHolds(database)
        }
    }

    @Test("several connections posting overlapping statements at once never over-apply an invoice", arguments: TestEnvironment.engines)
    func concurrentImports(engine: DatabaseEngine) async throws {
        let location = try await TestEnvironment.freshDatabaseLocation(engine)
        try await TestEnvironment.withConnections(to: location, count: 4) { databases in
            try await seed(SQLLedgerStore(database: databases[0]))
            // One statement per connection, each with its own payment of INV-1 and the same payment of INV-3.
            let files = (1...databases.count).map { index in
                file(.csv, [credit("P\(index)", 10_000, payer: "ACME INC", remittance: "INV-1"),
                            credit("SHARED", 7_500, payer: "GLOBEX", account: "DE89370400440532013000", remittance: "INV-3")])
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (database, text) in zip(databases, files) {
                    group.addTask { _ = try await importing(SQLLedgerStore(database: database), text) }
                }
                try await group.waitForAll()
            }
            let store = SQLLedgerStore(database: databases[0])
            let all = try await store.transactions(status: nil)
            #expect(all.count == databases.count + 1, "each statement's payment of INV-1, and the shared line once")
            #expect(!all.contains { $0.status == .new }, "every line was matched by one of the imports")
            var onInvoice: Int64 = 0
            for line in all { for entry in try await store.allocations(transactionID: line.id) where entry.invoice == "INV-1" { onInvoice += entry.amount.minorUnits } }
            #expect(onInvoice == 10_000, "INV-1 was paid once, by one of the statements")
            #expect(try await open(store, "INV-1") == money(0))
            try await invariantHolds(store)
            try await ruleHolds(databases[0])
        }
    }

    @Test("two postings racing on PostgreSQL: the second waits for the first and finds the invoice paid",
          .enabled(if: TestEnvironment.postgresURL != nil))
    func racingPostings() async throws {
        let location = try await TestEnvironment.freshDatabaseLocation(.postgres)
        try await TestEnvironment.withConnections(to: location, count: 4) { databases in
            let stores = databases.map(SQLLedgerStore.init)
            try await seed(stores[0])
            let lines = try await stores[0].storeStatement([line("T1", 10_000), line("T2", 10_000)], source: "s", fingerprint: "s", actor: "test").stored
            let proposal = MatchProposal(allocations: [allocation("INV-1", "C1", 10_000)], unapplied: .zero(usd), confidence: 990, reasons: ["test"])
            func decision(_ line: StoredBankTransaction) -> [(transactionID: Int64, decision: MatchDecision)] {
                [(line.id, MatchDecision(payment: line.line.payment, outcome: .auto, proposals: [proposal], summary: "sure"))]
            }
            // A third session holds INV-1, so that both postings have read the ledger and wait at
            // the same point; released, they proceed one after the other.
            try await databases[0].sql.raw("BEGIN").run()
            try await databases[0].sql.raw("SELECT invoice_number FROM invoices WHERE invoice_number = 'INV-1' FOR UPDATE").run()
            async let first = stores[1].record(decision(lines[0]), context: "agent 1", actor: "agent-1")
            async let second = stores[2].record(decision(lines[1]), context: "agent 2", actor: "agent-2")
            var waiting = 0, failure: (any Error)?
            do {
                for _ in 0..<50_000 where waiting < 2 {
                    let rows = try await databases[3].sql.raw("""
                        SELECT CAST(COUNT(*) AS BIGINT) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                        """).all()
                    waiting = try rows.first?.decode(column: "waiting", as: Int.self) ?? 0
                    await Task.yield()
                }
            } catch { failure = error }
            // Released whatever happened, or the two postings would wait for ever.
            try await databases[0].sql.raw("COMMIT").run()
            let outcomes = try await first.map(\.to) + second.map(\.to)
            if let failure { throw failure }
            #expect(waiting == 2, "both postings were under way at once")
            #expect(outcomes.sorted { ($0?.rawValue ?? "") < ($1?.rawValue ?? "") } == [.applied, .review])
            let allocated = try await stores[0].allocations(transactionID: lines[0].id) + stores[0].allocations(transactionID: lines[1].id)
            #expect(allocated.count == 1, "INV-1 was paid once")
            #expect(try await open(stores[0], "INV-1") == money(0))
            try await invariantHolds(stores[0])
            try await ruleHolds(databases[0])
        }
    }
}
