import ARAgent
import ARCore
@testable import ARStore
import ARTestSupport
import Testing

/// A quarter of daily cycles on the demo company, nothing paid and nothing approved (shadow
/// mode): what customers would receive if every proposal were approved.
@Suite("One message per customer per cycle, over a simulated quarter")
struct OneMessagePerCycleTests {
    @Test("no customer gets more than one message in a cycle or two within the frequency cap (but final notices); no invoice gets a step twice")
    func quarter() async throws {
        try await TestEnvironment.withFreshDatabase(.sqlite) { database in
            let store = SQLLedgerStore(database: database)
            let start = CalendarDate(iso: "2026-09-01")!
            let company = DemoCompany(seed: 23, size: .init(customers: 60, invoices: 900), asOf: start)
            for records in [ParsedImport.Records.customers(company.customers), .invoices(company.invoices, customerNames: [:])] {
                let kind: ImportKind = if case .customers = records { .customers } else { .invoices }
                _ = try await store.store(ImportBatch(kind: kind, source: "test", sourceFingerprint: "quarter", actor: "test", records: records))
            }
            let service = CollectionsService(store: store)
            let gap = DunningPolicy().messageGapDays
            var lastMessage: [CustomerID: CalendarDate] = [:]
            var messages = 0, severalSteps = 0
            for day in 0..<91 {
                let asOf = start.adding(days: day)
                let (actions, _) = try await service.runCycle(asOf: asOf, dryRun: false)
                let sent = actions.filter { $0.action.channel == .email || $0.action.channel == .sms }
                messages += sent.count
                for (customer, theirs) in Dictionary(grouping: sent, by: \.action.customerID) {
                    let currencies = Set(theirs.map(\.action.total.currency))
                    #expect(theirs.count == currencies.count, "\(customer) gets \(theirs.count) messages on \(asOf.iso): \(theirs.map(\.action.id))")
                    if let last = lastMessage[customer], theirs.contains(where: { $0.action.kind != .finalNotice }) {
                        #expect(asOf.days(since: last) >= gap, "\(customer) gets a message on \(asOf.iso), \(asOf.days(since: last)) days after the last")
                    }
                    lastMessage[customer] = asOf
                }
            }
            #expect(messages > 50, "the quarter sends messages at all (\(messages))")
            // Every invoice's step once, whichever message carried it.
            let links = try await database.fetch("SELECT invoice_number, step_id, COUNT(*) FROM action_invoices GROUP BY invoice_number, step_id")
            #expect(!links.isEmpty)
            for row in links { #expect(row[2] == .int(1), "invoice \(row[0]) got step \(row[1]) \(row[2]) times") }
            // And some message did carry invoices at several steps, each recorded with its own.
            for row in try await database.fetch("SELECT action_id, COUNT(DISTINCT step_id) FROM action_invoices GROUP BY action_id") where row[1] != .int(1) {
                severalSteps += 1
            }
            #expect(severalSteps > 0, "the demo quarter has customers with invoices at several steps on one day")
        }
    }
}
