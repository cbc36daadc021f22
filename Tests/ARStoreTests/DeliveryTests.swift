import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Synchronization
import Testing

/// A sender that records what it is asked to send, and fails as told.
final class RecordingSender: MessageSender {
    let sent = Mutex<[OutgoingEmail]>([])
    let failure: SendFailure?
    init(failing failure: SendFailure? = nil) { self.failure = failure }
    func send(_ email: OutgoingEmail) async throws {
        if let failure { throw failure }
        sent.withLock { $0.append(email) }
    }
}

/// Delivery against every engine: re-checked before sending, sent once, retried or failed.
@Suite("Delivery of approved actions")
struct DeliveryTests {
    let today = CalendarDate(iso: "2026-06-15")!
    // Monday 2026-06-15, 10:00 UTC: inside the default send hours.
    let now = Date(timeIntervalSince1970: 1_781_517_600)

    func prepared(_ database: Database) async throws -> (SQLLedgerStore, [StoredAction]) {
        let store = SQLLedgerStore(database: database)
        func day(_ offset: Int) -> String { today.advanced(by: offset).iso }
        let customers = "customer_id,name,email\nC1,Acme,ap@acme.example\nC2,Globex,\n"
        let invoices = """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            A1,C1,\(day(-40)),\(day(-3)),USD,500.00
            B1,C2,\(day(-40)),\(day(-3)),USD,300.00

            """
        _ = try await ImportService(store: store).importFile(bytes: Array(customers.utf8), file: "c.csv", kind: .customers, options: ImportOptions())
        _ = try await ImportService(store: store).importFile(bytes: Array(invoices.utf8), file: "i.csv", kind: .invoices, options: ImportOptions())
        let actions = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false).actions
        for action in actions { try await store.decide(actionID: action.action.id, approve: true, actor: "jane", note: nil) }
        return (store, actions)
    }

    func service(_ store: SQLLedgerStore, _ sender: RecordingSender, worker: String = "w1") async throws -> DeliveryService {
        var service = DeliveryService(store: store, sender: sender,
                                      composer: MessageComposer(renderer: try ReminderRenderer(), settings: MessageSettings(), signingKey: try await store.signingKey()),
                                      worker: worker)
        service.companyTimeZone = TimeZone(identifier: "UTC")!
        return service
    }

    @Test("messages wait for the send hours in the customer's time zone", arguments: TestEnvironment.engines)
    func sendHours(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, _) = try await prepared(database)
            // Acme is in Tokyo: 10:00 UTC is 19:00 there, after the 9-17 send hours.
            let tokyo = "customer_id,name,email,time_zone\nC1,Acme,ap@acme.example,Asia/Tokyo\nC2,Globex,,\n"
            _ = try await ImportService(store: store).importFile(bytes: Array(tokyo.utf8), file: "c2.csv", kind: .customers, options: ImportOptions())
            let sender = RecordingSender()
            let evening = try await service(store, sender).run(asOf: today, now: now)
            #expect(evening.deferred == 1 && evening.sent == 0)
            // Still night in Tokyo at 20:00 UTC (05:00 there); at 00:00 UTC it is 09:00 in Tokyo: sent.
            #expect(try await service(store, sender).run(asOf: today, now: now.addingTimeInterval(10 * 3_600)).sent == 0)
            #expect(try await service(store, sender).run(asOf: today, now: now.addingTimeInterval(14 * 3_600)).sent == 1)
            #expect(sender.sent.withLock { $0.count } == 1)
        }
    }

    @Test("an approved reminder is sent once, naming its invoice; a customer without an address fails with why", arguments: TestEnvironment.engines)
    func sendsOnce(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, _) = try await prepared(database)
            let sender = RecordingSender()
            let report = try await service(store, sender).run(asOf: today, now: now)
            #expect(report.queued == 1 && report.sent == 1 && report.failed == 1)
            let sent = sender.sent.withLock { $0 }
            #expect(sent.count == 1)
            #expect(sent.first?.recipients == ["ap@acme.example"])
            #expect(sent.first?.text.contains("A1") == true)
            #expect(sent.first?.text.contains("500.00 USD") == true)
            #expect(sent.first?.listUnsubscribe?.contains("/unsubscribe/") == true)
            let actions = try await store.actions(status: nil)
            #expect(actions.first { $0.action.customerID == "C1" }?.status == .executed)
            #expect(actions.first { $0.action.customerID == "C2" }?.status == .failed)
            #expect(actions.first { $0.action.customerID == "C2" }?.note?.contains("no email address") == true)
            let again = try await service(store, sender).run(asOf: today, now: now.addingTimeInterval(60))
            #expect(again == DeliveryReport())
            #expect(sender.sent.withLock { $0.count } == 1)
        }
    }

    @Test("an invoice paid after approval is not reminded: the action is cancelled at sending time", arguments: TestEnvironment.engines)
    func recheck(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, _) = try await prepared(database)
            let paid = "invoice_number,customer_id,issue_date,due_date,currency,amount,paid_date\nA1,C1,\(today.advanced(by: -40).iso),\(today.advanced(by: -3).iso),USD,500.00,\(today.iso)\n"
            _ = try await ImportService(store: store).importFile(bytes: Array(paid.utf8), file: "i2.csv", kind: .invoices, options: ImportOptions())
            let sender = RecordingSender()
            let report = try await service(store, sender).run(asOf: today, now: now)
            #expect(report.cancelled == 1)
            #expect(sender.sent.withLock { $0.isEmpty })
            let action = try await store.actions(status: .cancelled).first
            #expect(action?.note?.contains("A1 is paid") == true)
        }
    }

    @Test("temporary failures are retried later, permanent ones recorded", arguments: TestEnvironment.engines)
    func failures(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, _) = try await prepared(database)
            let transient = try await service(store, RecordingSender(failing: .transient("421 try later"))).run(asOf: today, now: now)
            #expect(transient.retrying == 1)
            #expect(try await store.outbox().first?.status == "pending")
            // Not due again before the backoff has passed.
            let early = try await service(store, RecordingSender()).run(asOf: today, now: now.addingTimeInterval(30))
            #expect(early.sent == 0)
            let permanent = try await service(store, RecordingSender(failing: .permanent("550 no such mailbox"))).run(asOf: today, now: now.addingTimeInterval(120))
            #expect(permanent.failed == 1)
            #expect(try await store.outbox().first?.status == "failed")
            #expect(try await store.actions(status: .failed).contains { $0.note?.contains("550") == true })
        }
    }

    @Test("two workers delivering at once send each message exactly once", arguments: TestEnvironment.engines)
    func twoWorkers(engine: DatabaseEngine) async throws {
        let location = try await TestEnvironment.freshDatabaseLocation(engine)
        try await TestEnvironment.withConnections(to: location, count: 1) { _ = try await prepared($0[0]) }
        try await TestEnvironment.withConnections(to: location, count: 2) { databases in
            let sender = RecordingSender()
            let one = try await service(SQLLedgerStore(database: databases[0]), sender, worker: "w1")
            let two = try await service(SQLLedgerStore(database: databases[1]), sender, worker: "w2")
            let (day, instant) = (today, now)
            async let a = one.run(asOf: day, now: instant)
            async let b = two.run(asOf: day, now: instant)
            let (left, right) = try await (a, b)
            #expect(left.sent + right.sent == 1)
            #expect(sender.sent.withLock { $0.count } == 1)
        }
    }
}
