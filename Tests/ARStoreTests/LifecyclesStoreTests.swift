import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import SQLKit
import Testing

/// Disputes, holds and promises on every engine: each lifecycle ends, every change is audited
/// with who and why, the planner respects what is in force, and imports of the ERP's export never
/// undo what a person recorded in ARAgent.
@Suite("Lifecycles: disputes, holds, promises")
struct LifecyclesStoreTests {
    // A Monday.
    let today = CalendarDate(iso: "2026-06-15")!

    func day(_ offset: Int) -> String { today.advanced(by: offset).iso }

    /// The day the store stamps on what it records now (UTC).
    static func utcToday() -> String { String(ISO8601DateFormatter().string(from: Date()).prefix(10)) }

    static let header = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,paid_date,disputed,po_number,customer_name\n"

    func row(_ number: String, _ customer: String, due: Int, amount: String, open: String = "", paid: String = "", disputed: Bool = false,
             po: String = "", name: String) -> String {
        "\(number),\(customer),\(day(-60)),\(day(due)),USD,\(amount),\(open),\(paid),\(disputed),\(po),\(name)\n"
    }

    var rows: [String: String] {
        [
            "A1": row("A1", "C1", due: -4, amount: "500.00", name: "Acme"),
            "A2": row("A2", "C1", due: -20, amount: "250.00", name: "Acme"),
            "B1": row("B1", "C2", due: -15, amount: "900.00", name: "Globex"),
            "B2": row("B2", "C2", due: -16, amount: "300.00", name: "Globex"),
        ]
    }

    func importInvoices(_ store: SQLLedgerStore, _ lines: [String], file: String = "invoices.csv") async throws {
        let text = Self.header + lines.joined()
        _ = try await ImportService(store: store).importFile(bytes: Array(text.utf8), file: file, kind: .invoices, options: ImportOptions())
    }

    func seed(_ store: SQLLedgerStore) async throws {
        try await importInvoices(store, ["A1", "A2", "B1", "B2"].compactMap { rows[$0] })
    }

    /// The plan for `offset` days from today, without storing it.
    func plan(_ store: SQLLedgerStore, _ offset: Int = 0) async throws -> (planned: Set<InvoiceNumber>, skipped: [InvoiceNumber: String]) {
        let result = try await CollectionsService(store: store).runCycle(asOf: today.advanced(by: offset), dryRun: true)
        var skipped: [InvoiceNumber: String] = [:]
        for skip in result.skipped { if let invoice = skip.invoice { skipped[invoice] = skip.reason } }
        return (Set(result.actions.flatMap(\.action.invoices)), skipped)
    }

    /// The message of the error `body` throws, or nil when it throws none.
    func refusal(_ body: () async throws -> Void) async -> String? {
        do { try await body(); return nil } catch { return "\(error)" }
    }

    func audit(_ store: SQLLedgerStore, _ entity: AuditEvent.Entity) async throws -> [AuditEvent] {
        try await store.auditLog(limit: 1_000).map(\.event).filter { $0.entity == entity }.reversed()
    }

    // MARK: Holds

    @Test("a held invoice and a held customer are not planned, and the reason names the hold; an expired hold no longer holds; unhold resumes",
          arguments: TestEnvironment.engines)
    func holds(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            #expect(try await plan(store).planned == ["A1", "A2", "B1", "B2"])

            try await store.placeHold(.invoice("A1"), reason: "credit note on its way", until: nil, asOf: today, actor: "jane")
            try await store.placeHold(.customer("C2"), reason: "negotiating a payment plan", until: today.advanced(by: 10), asOf: today, actor: "omar")
            let held = try await plan(store)
            #expect(held.planned == ["A2"])
            #expect(held.skipped["A1"] == "invoice A1 is on hold: credit note on its way (placed by jane on \(Self.utcToday()), until released)")
            let customerReason = try #require(held.skipped["B1"])
            #expect(customerReason.contains("customer C2 is on hold: negotiating a payment plan"))
            #expect(customerReason.contains("placed by omar"))
            #expect(customerReason.contains("until \(day(10))"))
            #expect(held.skipped["B2"] == customerReason)

            // One active hold per target: a second is refused, naming the first and how to release it.
            let second = await refusal { _ = try await store.placeHold(.customer("C2"), reason: "again", until: nil, asOf: today, actor: "jane") }
            #expect(second?.contains("customer C2 is already on hold") == true)
            #expect(second?.contains("aragent unhold --customer C2") == true)
            #expect(await refusal { _ = try await store.placeHold(.customer("NOPE"), reason: "x", until: nil, asOf: today, actor: "jane") }?
                .contains("customer NOPE is not in the ledger") == true)
            #expect(await refusal { _ = try await store.placeHold(.invoice("A2"), reason: "  ", until: nil, asOf: today, actor: "jane") }?
                .contains("needs a reason") == true)
            #expect(await refusal { _ = try await store.placeHold(.invoice("A2"), reason: "late", until: today.advanced(by: -1), asOf: today, actor: "jane") }?
                .contains("would already be over") == true)

            // The hold holds through its last day, and not after (a Thursday and a Friday).
            #expect(!(try await plan(store, 10).planned.contains("B1")))
            #expect(try await plan(store, 11).planned.isSuperset(of: ["B1", "B2"]))

            // Unhold: chasing resumes; releasing again is refused.
            let released = try await store.releaseHold(.invoice("A1"), note: "credit note arrived", actor: "jane")
            #expect(released.status == .released && released.releasedBy == "jane")
            #expect(try await plan(store).planned.contains("A1"))
            #expect(await refusal { _ = try await store.releaseHold(.invoice("A1"), note: nil, actor: "jane") }?.contains("invoice A1 is not on hold") == true)

            // An expired hold does not block a new one: it is released as replaced.
            let renewed = try await store.placeHold(.customer("C2"), reason: "plan signed", until: nil, asOf: today.advanced(by: 11), actor: "omar")
            let all = try await store.holds(includeReleased: true)
            #expect(all.count == 3)
            #expect(all.first { $0.reason == "negotiating a payment plan" }?.releaseNote?.contains("expired on \(day(10))") == true)
            #expect(try await store.holds(includeReleased: false).map(\.id) == [renewed.id])

            let events = try await audit(store, .hold)
            #expect(events.map(\.action) == ["placed", "placed", "released", "released", "placed"])
            #expect(events.map(\.actor) == ["jane", "omar", "jane", "omar", "omar"])
            #expect(events[2].details.contains("credit note arrived"))
        }
    }

    // MARK: Disputes

    @Test("one open dispute per invoice, known types only; a rejected dispute resumes chasing on the next cycle", arguments: TestEnvironment.engines)
    func disputeRejected(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            try await store.openDispute(invoice: "A1", type: "pricing", note: "wrong rate", actor: "jane")
            #expect(try await store.invoice("A1")?.isDisputed == true)
            let second = await refusal { try await store.openDispute(invoice: "A1", type: "quality", note: nil, actor: "omar") }
            #expect(second?.contains("invoice A1 already has an open dispute") == true)
            #expect(second?.contains("pricing, opened") == true)
            #expect(second?.contains("aragent dispute resolve --invoice A1") == true)
            #expect(await refusal { try await store.openDispute(invoice: "A2", type: "bogus", note: nil, actor: "jane") }?
                .contains("unknown dispute type 'bogus'") == true)
            #expect(await refusal { try await store.openDispute(invoice: "NOPE", type: "pricing", note: nil, actor: "jane") }?
                .contains("invoice NOPE is not in the ledger") == true)
            #expect(try await store.disputes(status: .open).map(\.invoice) == ["A1"])

            // Stored, the cycle leaves A1 alone; the dispute rejected, the next cycle chases it.
            let first = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false)
            #expect(!first.actions.contains { $0.action.invoices.contains("A1") })
            #expect(await refusal { _ = try await store.resolveDispute(invoice: "A1", outcome: .rejected, amount: Money(minorUnits: 1, currency: .usd),
                                                                       note: nil, actor: "omar") }?.contains("applies to write_off and credit_note only") == true)
            #expect(await refusal { _ = try await store.resolveDispute(invoice: "A1", outcome: .erpCleared, amount: nil, note: nil, actor: "omar") }?
                .contains("imports only") == true)
            let resolution = try await store.resolveDispute(invoice: "A1", outcome: .rejected, amount: nil, note: "rate is per contract", actor: "omar")
            #expect(resolution.openAfter == resolution.openBefore)
            #expect(resolution.dispute.status == .resolved && resolution.dispute.outcome == .rejected && resolution.dispute.resolvedBy == "omar")
            #expect(try await store.invoice("A1")?.isDisputed == false)
            // The next day the frequency cap holds A1 back (its customer had a message today), and says so;
            // a week later it is chased.
            let capped = try await CollectionsService(store: store).runCycle(asOf: today.advanced(by: 1), dryRun: false)
            #expect(!capped.actions.contains { $0.action.invoices.contains("A1") })
            #expect(capped.skipped.contains { $0.reason.contains("frequency cap") && $0.reason.contains("A1") })
            let next = try await CollectionsService(store: store).runCycle(asOf: today.advanced(by: 7), dryRun: false)
            #expect(next.actions.contains { $0.action.invoices.contains("A1") })

            // Resolved is final: resolving again is refused; a new dispute is a new record.
            #expect(await refusal { _ = try await store.resolveDispute(invoice: "A1", outcome: .rejected, amount: nil, note: nil, actor: "omar") }?
                .contains("invoice A1 has no open dispute") == true)
            try await store.openDispute(invoice: "A1", type: "quality", note: nil, actor: "omar")
            #expect(try await store.disputes(status: nil).map(\.status) == [.resolved, .open])

            let events = try await audit(store, .dispute)
            #expect(events.map(\.action) == ["opened", "resolved", "opened"])
            #expect(events[1].actor == "omar" && events[1].details.contains("rejected") && events[1].details.contains("rate is per contract"))
            // Each audit trail follows the one transition table.
            for id in Set(events.map(\.entityID)) {
                var previous: String?
                for event in events where event.entityID == id {
                    #expect(Lifecycles.Kind.dispute.allowed(fromAudit: previous, toAudit: event.action))
                    previous = event.action
                }
            }
        }
    }

    @Test("a write-off reduces the open amount by the rule and aging shows it; a re-import with disputed=false closes no dispute of ARAgent's and undoes no write-off",
          arguments: TestEnvironment.engines)
    func writeOffAndReimport(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            try await store.openDispute(invoice: "B1", type: "quality", note: "two units damaged", actor: "jane")
            #expect(await refusal { _ = try await store.resolveDispute(invoice: "B1", outcome: .writeOff, amount: Money(minorUnits: 90_001, currency: .usd),
                                                                       note: nil, actor: "jane") }?.contains("at most the 900.00 USD open") == true)
            #expect(await refusal { _ = try await store.resolveDispute(invoice: "B1", outcome: .writeOff, amount: Money(minorUnits: 100, currency: .eur),
                                                                       note: nil, actor: "jane") }?.contains("in EUR but invoice B1 is in USD") == true)
            let resolution = try await store.resolveDispute(invoice: "B1", outcome: .writeOff, amount: Money(minorUnits: 20_000, currency: .usd),
                                                            note: "goodwill for the damaged units", actor: "jane")
            #expect(resolution.openBefore.minorUnits == 90_000 && resolution.openAfter.minorUnits == 70_000)
            #expect(resolution.dispute.adjustment?.minorUnits == 20_000)
            #expect(try await store.invoice("B1")?.openAmount.minorUnits == 70_000)
            let aging = try await store.agingReport(asOf: today)
            #expect(aging.customers.first { $0.customerID == "C2" }?.row.total.minorUnits == 100_000)   // 700.00 + 300.00

            // A credit note for all that is open settles the invoice: nothing left to chase.
            try await store.openDispute(invoice: "B2", type: "duplicate", note: nil, actor: "jane")
            let credited = try await store.resolveDispute(invoice: "B2", outcome: .creditNote, amount: nil, note: "billed twice", actor: "jane")
            #expect(credited.openAfter.isZero && credited.dispute.adjustment?.minorUnits == 30_000)
            #expect(!(try await plan(store).planned.contains("B2")))

            // A dispute opened in ARAgent on A1; then the ERP's export again, with A1 and B1 changed
            // (new PO numbers) and every row disputed=false.
            try await store.openDispute(invoice: "A1", type: "pricing", note: nil, actor: "jane")
            try await importInvoices(store, [rows["A1"]!.replacingOccurrences(of: ",false,,", with: ",false,PO-9,"),
                                             rows["A2"]!, rows["B1"]!.replacingOccurrences(of: ",false,,", with: ",false,PO-7,"), rows["B2"]!],
                                     file: "invoices-2.csv")
            #expect(try await store.invoice("A1")?.poNumber == "PO-9")
            #expect(try await store.invoice("A1")?.isDisputed == true)
            #expect(try await store.disputes(status: .open).map(\.invoice) == ["A1"])
            #expect(try await store.invoice("B1")?.openAmount.minorUnits == 70_000)
            #expect(try await store.invoice("B2")?.openAmount.minorUnits == 0)
            #expect(!(try await plan(store).planned.contains("A1")))
            // And the first file again (the PO numbers removed): still disputed, still written off.
            try await importInvoices(store, ["A1", "A2", "B1", "B2"].compactMap { rows[$0] }, file: "invoices.csv")
            #expect(try await store.invoice("A1")?.isDisputed == true)
            #expect(try await store.invoice("B1")?.openAmount.minorUnits == 70_000)

            let invoiceEvents = try await audit(store, .invoice).filter { $0.action == "write_off" || $0.action == "credit_note" }
            #expect(invoiceEvents.map(\.entityID) == ["B1", "B2"])
        }
    }

    // MARK: Promises

    @Test("a cancelled promise no longer pauses chasing; a second promise supersedes the first", arguments: TestEnvironment.engines)
    func promiseCancelAndSupersede(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            #expect(try await store.addPromise(invoice: "A1", date: today.advanced(by: 5), amount: nil, actor: "jane") == nil)
            #expect(try await plan(store).skipped["A1"]?.contains("promised to pay by \(day(5))") == true)
            let cancelled = try await store.cancelPromise(invoice: "A1", note: "customer withdrew it", actor: "omar")
            #expect(cancelled.status == .cancelled && cancelled.closedBy == "omar")
            #expect(try await plan(store).planned.contains("A1"))
            #expect(await refusal { _ = try await store.cancelPromise(invoice: "A1", note: nil, actor: "omar") }?.contains("invoice A1 has no open promise") == true)

            try await store.addPromise(invoice: "A2", date: today.advanced(by: 2), amount: nil, actor: "jane")
            let superseded = try #require(try await store.addPromise(invoice: "A2", date: today.advanced(by: 9), amount: Money(minorUnits: 10_000, currency: .usd), actor: "omar"))
            #expect(superseded.promisedDate == today.advanced(by: 2) && superseded.status == .cancelled)
            #expect(superseded.closeNote == "superseded by the promise of \(day(9)) recorded by omar")
            let open = try await store.promises(status: .open)
            #expect(open.map(\.invoice) == ["A2"])
            #expect(open.first?.promisedDate == today.advanced(by: 9))
            // The superseded promise's date passed: the open one still pauses chasing.
            #expect(try await plan(store, 6).skipped["A2"]?.contains("promised to pay by \(day(9))") == true)

            #expect(await refusal { _ = try await store.addPromise(invoice: "A2", date: today, amount: Money(minorUnits: 25_001, currency: .usd), actor: "jane") }?
                .contains("at most the 250.00 USD open") == true)
            #expect(await refusal { _ = try await store.addPromise(invoice: "NOPE", date: today, amount: nil, actor: "jane") }?
                .contains("not in the ledger") == true)

            let events = try await audit(store, .promise)
            #expect(events.map(\.action) == ["opened", "cancelled", "opened", "cancelled", "opened"])
            #expect(events[1].details.contains("customer withdrew it") && events[1].actor == "omar")
        }
    }

    @Test("promises kept and broken are recorded once by the cycle and counted in the payment profile", arguments: TestEnvironment.engines)
    func promisesKeptAndBroken(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            try await store.addPromise(invoice: "B1", date: today, amount: nil, actor: "jane")           // paid in time: kept
            try await store.addPromise(invoice: "B2", date: today, amount: nil, actor: "jane")           // not paid: broken
            try await store.addPromise(invoice: "A2", date: today.advanced(by: 5), amount: Money(minorUnits: 10_000, currency: .usd), actor: "jane")
            try await store.addPromise(invoice: "A1", date: today.advanced(by: 5), amount: nil, actor: "jane")   // still open

            // The ERP's export: B1 paid on the promised date plus one (within the grace days); A2 part-paid by the promised 100.00.
            try await importInvoices(store, [rows["B1"]!.replacingOccurrences(of: ",,,false", with: ",,\(day(1)),false"),
                                             rows["A2"]!.replacingOccurrences(of: ",250.00,,", with: ",250.00,150.00,")], file: "invoices-2.csv")
            #expect(try await store.invoice("B1")?.status == .paid)
            #expect(try await store.invoice("A2")?.openAmount.minorUnits == 15_000)

            let service = CollectionsService(store: store)
            // Within the grace days nothing is broken yet; what is kept is kept.
            let early = try await service.closeDuePromises(asOf: today.advanced(by: 2))
            #expect(Dictionary(uniqueKeysWithValues: early.map { ($0.invoice, $0.status) }) == ["B1": .kept, "A2": .kept])
            // Past the date plus grace (3 days), the cycle closes B2 as broken; A1's promise stays open.
            _ = try await service.runCycle(asOf: today.advanced(by: 4), dryRun: false)
            _ = try await service.runCycle(asOf: today.advanced(by: 5), dryRun: false)
            #expect(try await service.closeDuePromises(asOf: today.advanced(by: 5)).isEmpty)
            let statuses = Dictionary(uniqueKeysWithValues: try await store.promises(status: nil).map { ($0.invoice, $0.status) })
            #expect(statuses == ["B1": .kept, "B2": .broken, "A2": .kept, "A1": .open])
            #expect(try await store.promises(status: .broken).first?.closeNote?.contains("still 300.00 USD open on \(day(4))") == true)

            let closes = try await audit(store, .promise).filter { $0.action != "opened" }
            #expect(closes.map(\.action).sorted() == ["broken", "kept", "kept"])
            #expect(closes.allSatisfy { $0.actor == "agent" })

            let inputs = try await store.dunningInputs(asOf: today.advanced(by: 5), signalWindowDays: 7)
            #expect(inputs.profiles["C2"]?.promisesKept == 1)
            #expect(inputs.profiles["C2"]?.promisesBroken == 1)
            #expect(inputs.profiles["C1"]?.promisesKept == 1)
            #expect(inputs.profiles["C1"]?.promisesBroken == 0)
            // A kept or broken promise pauses nothing: B2 is chased again.
            #expect(inputs.items.first { $0.invoice.number == "B2" }?.promisedUntil == nil)
            #expect(inputs.items.first { $0.invoice.number == "A1" }?.promisedUntil == today.advanced(by: 5))
        }
    }

    @Test("migration 007 leaves one open promise per invoice and one active hold per target", arguments: TestEnvironment.engines)
    func oneOpenPerInvoice(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            try await store.addPromise(invoice: "A1", date: today, amount: nil, actor: "jane")
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("INSERT INTO promises (invoice_number, promised_date, created_at, created_by, status) VALUES ('A1', '2026-06-18', '2026-06-15T00:00:00.000Z', 'x', 'open')").run()
            }
            try await store.placeHold(.invoice("A1"), reason: "r", until: nil, asOf: today, actor: "jane")
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("INSERT INTO holds (invoice_number, reason, status, created_at, created_by) VALUES ('A1', 'r2', 'active', '2026-06-15T00:00:00.000Z', 'x')").run()
            }
        }
    }
}
