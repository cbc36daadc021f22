import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Testing

/// The signal rules end to end on every engine: signals stored as the portal and the tracking
/// links store them, summed by the store, read by the next cycle.
@Suite("Signals steer the next cycle")
struct SignalRulesStoreTests {
    @Test("a customer who opened and visited three times and did not pay gets a call task, not the next email; machine visits do not count",
          arguments: TestEnvironment.engines)
    func looksForCall(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            // Signals carry the real time; the cycle runs the day after today, on a weekday.
            let utcToday = try #require(CalendarDate(iso: String(ISO8601DateFormatter().string(from: Date()).prefix(10))))
            var day = utcToday.adding(days: 1)
            while day.weekdayIndex >= 5 { day = day.adding(days: 1) }
            let invoices = """
                invoice_number,customer_id,issue_date,due_date,currency,amount,disputed,customer_name
                W1,C1,\(day.adding(days: -40).iso),\(day.adding(days: -4).iso),USD,500.00,false,Watcher
                Q1,C2,\(day.adding(days: -40).iso),\(day.adding(days: -4).iso),USD,500.00,false,Quiet

                """
            _ = try await ImportService(store: store).importFile(bytes: Array(invoices.utf8), file: "invoices.csv", kind: .invoices, options: ImportOptions())
            for (index, kind) in [CustomerSignal.Kind.open, .portalView, .click].enumerated() {
                try await store.record(NewSignal(customerID: "C1", actionID: nil, kind: kind, detail: "test", dedupeKey: "w\(index)"), attachments: [], actor: "test")
                try await store.record(NewSignal(customerID: "C2", actionID: nil, kind: kind, automatedReason: "a link scanner", detail: "test",
                                                 dedupeKey: "q\(index)"), attachments: [], actor: "test")
            }
            let plan = try await CollectionsService(store: store).runCycle(asOf: day, dryRun: true)
            let watcher = try #require(plan.actions.first { $0.action.customerID == "C1" })
            #expect(watcher.action.kind == .callTask && watcher.action.channel == .call)
            #expect(watcher.action.reason.contains("3 opens, clicks or portal visits by a person"))
            let quiet = try #require(plan.actions.first { $0.action.customerID == "C2" })
            #expect(quiet.action.channel == .email, "flagged visits are not a person's")
        }
    }
}
