import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Testing

/// The collections agent against every engine: cycles stored once, approvals audited,
/// promises and disputes respected, concurrent cycles on one database storing each action once.
@Suite("Collections store contract")
struct CollectionsStoreTests {
    // A Monday.
    let today = CalendarDate(iso: "2026-06-15")!

    func seed(_ store: SQLLedgerStore) async throws {
        func day(_ offset: Int) -> String { today.advanced(by: offset).iso }
        let invoices = """
            invoice_number,customer_id,issue_date,due_date,currency,amount,disputed,customer_name
            A1,C1,\(day(-40)),\(day(-3)),USD,500.00,false,Acme
            A2,C1,\(day(-40)),\(day(-4)),USD,250.00,false,Acme
            B1,C2,\(day(-60)),\(day(-15)),USD,900.00,false,Globex
            D1,C3,\(day(-60)),\(day(-20)),USD,700.00,true,Initech
            P1,C4,\(day(-60)),\(day(-20)),USD,800.00,false,Hooli

            """
        _ = try await ImportService(store: store).importFile(bytes: Array(invoices.utf8), file: "invoices.csv", kind: .invoices, options: ImportOptions())
    }

    @Test("a cycle plans what is due, a second cycle on the same day adds nothing", arguments: TestEnvironment.engines)
    func cycles(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            try await store.addPromise(invoice: "P1", date: today.advanced(by: 5), amount: nil, actor: "jane")
            let first = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false)
            let byCustomer = Dictionary(grouping: first.actions, by: \.action.customerID)
            #expect(byCustomer["C1"]?.map(\.action.invoices) == [["A1", "A2"]])
            #expect(byCustomer["C2"]?.first?.action.stepID == "escalation_notice")
            #expect(byCustomer["C3"] == nil)  // disputed
            #expect(byCustomer["C4"] == nil)  // promised
            #expect(first.actions.allSatisfy { $0.status == .proposed })  // shadow mode by default
            let second = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false)
            #expect(second.actions.isEmpty)
            #expect(try await store.actions(status: nil).count == first.actions.count)
            // A dry run stores nothing.
            let dry = try await CollectionsService(store: store).runCycle(asOf: today.advanced(by: 1), dryRun: true)
            #expect(!dry.actions.isEmpty || dry.skipped.count > 0)
            #expect(try await store.actions(status: nil).count == first.actions.count)
        }
    }

    @Test("approval and rejection are recorded with who and when", arguments: TestEnvironment.engines)
    func approvals(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            let actions = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false).actions
            let first = try #require(actions.first), second = try #require(actions.dropFirst().first)
            try await store.decide(actionID: first.action.id, approve: true, actor: "jane", note: "ok")
            try await store.decide(actionID: second.action.id, approve: false, actor: "omar", note: "talked to them")
            #expect(try await store.action(id: first.action.id)?.status == .approved)
            #expect(try await store.action(id: first.action.id)?.decidedBy == "jane")
            #expect(try await store.action(id: second.action.id)?.status == .rejected)
            await #expect(throws: CashApplicationError.self) { try await store.decide(actionID: first.action.id, approve: true, actor: "jane", note: nil) }
            let audit = try await store.auditLog(limit: 100).map(\.event)
            #expect(audit.contains { $0.entityID == first.action.id && $0.action == "approved" && $0.actor == "jane" })
            #expect(audit.contains { $0.entityID == second.action.id && $0.action == "rejected" && $0.actor == "omar" && $0.details == "talked to them" })
        }
    }

    @Test("a dispute opened by hand stops the chasing", arguments: TestEnvironment.engines)
    func dispute(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            try await seed(store)
            try await store.openDispute(invoice: "B1", type: "pricing", note: "wrong rate", actor: "jane")
            let actions = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false).actions
            #expect(!actions.contains { $0.action.invoices.contains("B1") })
            await #expect(throws: CashApplicationError.self) { try await store.openDispute(invoice: "NOPE", type: "pricing", note: nil, actor: "jane") }
        }
    }

    @Test("two agents running at once store each action exactly once", arguments: TestEnvironment.engines)
    func concurrentAgents(engine: DatabaseEngine) async throws {
        let location = try await TestEnvironment.freshDatabaseLocation(engine)
        try await TestEnvironment.withConnections(to: location, count: 1) { try await seed(SQLLedgerStore(database: $0[0])) }
        try await TestEnvironment.withConnections(to: location, count: 2) { databases in
            let day = today
            async let a = CollectionsService(store: SQLLedgerStore(database: databases[0])).runCycle(asOf: day, dryRun: false)
            async let b = CollectionsService(store: SQLLedgerStore(database: databases[1])).runCycle(asOf: day, dryRun: false)
            let (left, right) = try await (a, b)
            let stored = try await SQLLedgerStore(database: databases[0]).actions(status: nil)
            #expect(!stored.isEmpty)
            #expect(left.actions.count + right.actions.count == stored.count)
            #expect(Set(left.actions.map(\.action.id)).isDisjoint(with: right.actions.map(\.action.id)))
        }
    }
}
