import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

/// A sender that records what it is asked to send, and fails as told (the first `times` calls, or always).
final class RecordingSender: MessageSender, SMSSender {
    let sent = Mutex<[OutgoingEmail]>([])
    let texts = Mutex<[OutgoingSMS]>([])
    let calls = Mutex(0)
    let failure: SendFailure?
    let times: Int
    init(failing failure: SendFailure? = nil, times: Int = .max) {
        self.failure = failure
        self.times = times
    }
    private func fail() throws {
        let call = calls.withLock { count in count += 1; return count }
        if let failure, call <= times { throw failure }
    }
    func send(_ email: OutgoingEmail) async throws {
        try fail()
        sent.withLock { $0.append(email) }
    }
    func send(_ message: OutgoingSMS) async throws {
        try fail()
        texts.withLock { $0.append(message) }
    }
    var count: Int { sent.withLock { $0.count } + texts.withLock { $0.count } }
}

/// Delivery against every engine: re-checked at the moment each message leaves, sent once,
/// recorded only under the claim, retried a bounded number of times, stopped on configuration.
@Suite("Delivery of approved actions")
struct DeliveryTests {
    let today = CalendarDate(iso: "2026-06-15")!
    // Monday 2026-06-15, 10:00 UTC: inside the default send hours.
    let now = Date(timeIntervalSince1970: 1_781_517_600)

    func importFile(_ store: SQLLedgerStore, _ kind: ImportKind, _ text: String) async throws {
        _ = try await ImportService(store: store).importFile(bytes: Array(text.utf8), file: "\(kind).csv", kind: kind, options: ImportOptions())
    }

    func day(_ offset: Int) -> String { today.advanced(by: offset).iso }

    /// Acme (with an address) and Globex (without one), one overdue invoice each; every action approved.
    func prepared(_ database: Database) async throws -> (SQLLedgerStore, [StoredAction]) {
        let store = SQLLedgerStore(database: database)
        try await importFile(store, .customers, "customer_id,name,email\nC1,Acme,ap@acme.example\nC2,Globex,\n")
        try await importFile(store, .invoices, """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            A1,C1,\(day(-40)),\(day(-3)),USD,500.00
            B1,C2,\(day(-40)),\(day(-3)),USD,300.00

            """)
        let actions = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false).actions
        for action in actions { try await store.decide(actionID: action.action.id, approve: true, actor: "jane", note: nil) }
        return (store, actions)
    }

    /// One customer, two invoices 30 days overdue: one final notice naming both, approved.
    func finalNotice(_ database: Database) async throws -> (SQLLedgerStore, StoredAction) {
        let store = SQLLedgerStore(database: database)
        try await importFile(store, .customers, "customer_id,name,email\nC1,Acme,ap@acme.example\n")
        try await importFile(store, .invoices, """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            FIN-1001,C1,\(day(-60)),\(day(-30)),USD,700.00
            FIN-1002,C1,\(day(-60)),\(day(-30)),USD,400.00

            """)
        let actions = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false).actions
        let notice = try #require(actions.first { $0.action.kind == .finalNotice })
        #expect(Set(notice.action.invoices) == ["FIN-1001", "FIN-1002"])
        try await store.decide(actionID: notice.action.id, approve: true, actor: "jane", note: nil)
        return (store, notice)
    }

    func service(_ store: SQLLedgerStore, _ sender: RecordingSender, worker: String = "w1", sms: Bool = false) async throws -> DeliveryService {
        var service = DeliveryService(store: store, channels: DeliveryChannels(email: sender, sms: sms ? sender : nil),
                                      composer: MessageComposer(renderer: try ReminderRenderer(), settings: MessageSettings(), signingKey: try await store.signingKey()),
                                      worker: worker)
        service.companyTimeZone = TimeZone(identifier: "UTC")!
        return service
    }

    func status(_ store: SQLLedgerStore, _ id: String) async throws -> ActionStatus? { try await store.action(id: id)?.status }

    @Test("messages wait for the send hours in the customer's time zone", arguments: TestEnvironment.engines)
    func sendHours(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, _) = try await prepared(database)
            // Acme is in Tokyo: 10:00 UTC is 19:00 there, after the 9-17 send hours.
            try await importFile(store, .customers, "customer_id,name,email,time_zone\nC1,Acme,ap@acme.example,Asia/Tokyo\nC2,Globex,,\n")
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
            #expect(report.queued == 2 && report.sent == 1 && report.failed == 1)
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
            // The outbox holds what was sent, composed at the moment it left.
            #expect(try await store.outbox().first { $0.status == "sent" }?.text.contains("A1") == true)
            let again = try await service(store, sender).run(asOf: today, now: now.addingTimeInterval(60))
            #expect(again.isEmpty)
            #expect(sender.sent.withLock { $0.count } == 1)
        }
    }

    /// What happens to an invoice between the first attempt and the next.
    enum Change: String, CaseIterable, Sendable {
        case paid, disputed, promised, invoiceHeld, customerHeld, unsubscribed
    }

    func apply(_ change: Change, to invoice: String, store: SQLLedgerStore, database: Database) async throws {
        switch change {
        case .paid:
            try await importFile(store, .invoices, """
                invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,paid_date
                \(invoice),C1,\(day(-60)),\(day(-30)),USD,\(invoice == "FIN-1001" ? "700.00" : "400.00"),0.00,\(day(0))

                """)
        case .disputed:
            try await store.openDispute(invoice: InvoiceNumber(invoice), type: "pricing", note: "wrong rate", actor: "jane")
        case .promised:
            try await store.addPromise(invoice: InvoiceNumber(invoice), date: today.advanced(by: 5), amount: nil, actor: "jane")
        case .invoiceHeld:
            try await database.sql.raw("""
                INSERT INTO holds (invoice_number, reason, status, created_at, created_by)
                VALUES (\(bind: invoice), 'goods returned', 'active', '2026-06-15T10:00:00Z', 'jane')
                """).run()
        case .customerHeld:
            try await database.sql.raw("""
                INSERT INTO holds (customer_id, reason, status, created_at, created_by)
                VALUES ('C1', 'restructuring talks', 'active', '2026-06-15T10:00:00Z', 'jane')
                """).run()
        case .unsubscribed:
            try await database.sql.raw("""
                INSERT INTO unsubscribes (customer_id, channel, created_at, created_by) VALUES ('C1', 'email', '2026-06-15T10:00:00Z', 'portal')
                """).run()
        }
    }

    @Test("a final notice held back by a temporary SMTP failure is re-checked when it leaves: a paid, disputed, promised or held invoice is dropped and the notice re-rendered for the rest",
          arguments: TestEnvironment.engines, [Change.paid, .disputed, .promised, .invoiceHeld])
    func recheckAfterRetry(engine: DatabaseEngine, change: Change) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, notice) = try await finalNotice(database)
            let first = try await service(store, RecordingSender(failing: .transient("421 4.3.2 try later"))).run(asOf: today, now: now)
            #expect(first.retrying == 1)
            try await apply(change, to: "FIN-1001", store: store, database: database)
            let sender = RecordingSender()
            let second = try await service(store, sender).run(asOf: today, now: now.addingTimeInterval(120))
            #expect(second.sent == 1)
            let text = try #require(sender.sent.withLock { $0.first }?.text)
            #expect(!text.contains("FIN-1001"))
            #expect(text.contains("FIN-1002") && text.contains("400.00 USD"))
            #expect(!text.contains("1100.00"))  // the total is the remaining invoice's, not both
            #expect(try await status(store, notice.action.id) == .executed)
            let audit = try await store.auditLog(limit: 50).filter { $0.event.entityID == notice.action.id }
            #expect(audit.contains { $0.event.action == "re-checked" && $0.event.details.contains("FIN-1001 is") })
        }
    }

    @Test("a final notice held back by the send hours, all of whose invoices were settled meanwhile, is cancelled with why",
          arguments: TestEnvironment.engines, [Change.paid, .customerHeld, .unsubscribed])
    func recheckAfterSendHours(engine: DatabaseEngine, change: Change) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, notice) = try await finalNotice(database)
            let night = now.addingTimeInterval(12 * 3_600)  // 22:00 UTC, outside 9-17
            let sender = RecordingSender()
            #expect(try await service(store, sender).run(asOf: today, now: night).deferred == 1)
            try await apply(change, to: "FIN-1001", store: store, database: database)
            if change == .paid { try await apply(.paid, to: "FIN-1002", store: store, database: database) }
            let morning = try await service(store, sender).run(asOf: today.advanced(by: 1), now: night.addingTimeInterval(11 * 3_600))
            #expect(morning.cancelled == 1 && morning.sent == 0)
            #expect(sender.count == 0)
            let stored = try #require(try await store.action(id: notice.action.id))
            #expect(stored.status == .cancelled)
            let expected = switch change { case .paid: "FIN-1002 is paid"; case .customerHeld: "on hold (restructuring talks)"; default: "unsubscribed from email" }
            #expect(stored.note?.contains(expected) == true, "\(stored.note ?? "")")
            #expect(try await store.outbox().first?.status == "cancelled")
        }
    }

    @Test("an action rejected or cancelled after its message was queued is never sent and never executed",
          arguments: TestEnvironment.engines, [false, true])
    func rejectedAfterQueueing(engine: DatabaseEngine, cancel: Bool) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, notice) = try await finalNotice(database)
            // Queued, tried once, waiting for its retry.
            #expect(try await service(store, RecordingSender(failing: .transient("421"))).run(asOf: today, now: now).retrying == 1)
            if cancel {
                try await store.cancelAction(id: notice.action.id, note: "customer called, paying today", actor: "jane")
            } else {
                try await store.decide(actionID: notice.action.id, approve: false, actor: "jane", note: "spoke to them")
            }
            #expect(try await store.outbox().first?.status == "cancelled")
            let sender = RecordingSender()
            let later = try await service(store, sender).run(asOf: today, now: now.addingTimeInterval(3_600))
            #expect(later.sent == 0)
            #expect(sender.count == 0)
            #expect(try await status(store, notice.action.id) == (cancel ? .cancelled : .rejected))
            let audit = try await store.auditLog(limit: 50).filter { $0.event.entityID == notice.action.id }
            #expect(audit.contains { $0.event.action == "message cancelled" })
        }
    }

    @Test("cancel takes proposed and approved actions only", arguments: TestEnvironment.engines)
    func cancelRules(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, actions) = try await prepared(database)
            let id = try #require(actions.first?.action.id)
            try await store.cancelAction(id: id, note: nil, actor: "jane")
            #expect(try await status(store, id) == .cancelled)
            await #expect(throws: (any Error).self) { try await store.cancelAction(id: id, note: nil, actor: "jane") }
            await #expect(throws: (any Error).self) { try await store.decide(actionID: id, approve: true, actor: "jane", note: nil) }
        }
    }

    @Test("temporary failures are retried later, permanent ones recorded", arguments: TestEnvironment.engines)
    func failures(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, _) = try await prepared(database)
            let transient = try await service(store, RecordingSender(failing: .transient("421 try later"))).run(asOf: today, now: now)
            #expect(transient.retrying == 1)
            #expect(try await store.outbox().first { $0.channel == .email && $0.customerID == "C1" }?.status == "pending")
            // Not due again before the backoff has passed.
            let early = try await service(store, RecordingSender()).run(asOf: today, now: now.addingTimeInterval(30))
            #expect(early.sent == 0)
            let permanent = try await service(store, RecordingSender(failing: .permanent("550 no such mailbox"))).run(asOf: today, now: now.addingTimeInterval(120))
            #expect(permanent.failed == 1)
            #expect(try await store.outbox().first { $0.customerID == "C1" }?.status == "failed")
            #expect(try await store.actions(status: .failed).contains { $0.note?.contains("550") == true })
        }
    }

    @Test("texts that keep failing temporarily stop after the last backoff: failed, with the reason", arguments: TestEnvironment.engines)
    func boundedRetries(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let policy = """
                version = "sms"
                shadow_mode = false
                small_balance = "0.00 USD"
                [thresholds.EUR]
                small_balance = "0.00 EUR"
                [[steps]]
                id = "text_nudge"
                offset_days = 2
                kind = "reminder"
                channel = "sms"
                tone = "friendly"
                """
            try await store.activate(policy: try DunningPolicyFile.parse(policy, file: "policy.toml"), body: policy, actor: "jane")
            try await importFile(store, .customers, "customer_id,name,phone\nC1,Acme,+4915112345\n")
            try await importFile(store, .invoices, "invoice_number,customer_id,issue_date,due_date,currency,amount\nT1,C1,\(day(-40)),\(day(-3)),EUR,80.00\n")
            let action = try #require(try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false).actions.first)
            #expect(action.status == .approved && action.action.channel == .sms)
            let sender = RecordingSender(failing: .transient("the SMS provider answered HTTP 503"))
            let delivery = try await service(store, sender, sms: true)
            var moment = now
            var last = DeliveryReport()
            // One run after each backoff has passed, and a few more: never more attempts than allowed.
            for minutes in DeliveryService.backoffMinutes + [720, 720, 720] {
                last = try await delivery.run(asOf: today, now: moment)
                moment = moment.addingTimeInterval(TimeInterval(minutes * 60 + 1))
            }
            #expect(sender.calls.withLock { $0 } == DeliveryService.maxAttempts)
            #expect(last.isEmpty)
            let stored = try #require(try await store.action(id: action.action.id))
            #expect(stored.status == .failed)
            #expect(stored.note?.contains("gave up after \(DeliveryService.maxAttempts) attempts") == true, "\(stored.note ?? "")")
            #expect(stored.note?.contains("503") == true)
        }
    }

    @Test("a configuration failure stops the run and leaves the action approved; it goes out once fixed", arguments: TestEnvironment.engines)
    func configurationFailure(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, notice) = try await finalNotice(database)
            let refused = RecordingSender(failing: .configuration("the SMTP server refused the credentials (535); check ARAGENT_SMTP_PASSWORD"))
            // Several runs with the wrong settings: none fails the action or uses up its attempts.
            for run in 0..<(DeliveryService.maxAttempts + 1) {
                let error = await #expect(throws: DeliveryStopped.self) {
                    try await service(store, refused).run(asOf: today, now: now.addingTimeInterval(TimeInterval(run * 60)))
                }
                #expect(error?.reason.contains("ARAGENT_SMTP_PASSWORD") == true)
            }
            #expect(try await status(store, notice.action.id) == .approved)
            let row = try #require(try await store.outbox().first)
            #expect(row.status == "pending" && row.attempts == 0)
            let fixed = RecordingSender()
            #expect(try await service(store, fixed).run(asOf: today, now: now.addingTimeInterval(3_600)).sent == 1)
            #expect(try await status(store, notice.action.id) == .executed)
        }
    }

    /// The decision of a worker that would send whatever it is given.
    static let sendAnything: @Sendable (DeliveryFacts) -> ClaimDecision = { _ in .send(MessageContent(recipients: ["ap@acme.example"], text: "hello"), note: nil) }

    @Test("a worker whose claim expired cannot record a send over the worker that holds the message now", arguments: TestEnvironment.engines)
    func claimRecording(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, notice) = try await finalNotice(database)
            #expect(try await store.enqueue(actionID: notice.action.id, channel: .email, customer: "C1", messageID: "<n@x>", at: "2026-06-15T10:00:00.000Z", actor: "w1"))
            func stamp(_ date: Date) -> String { DeliveryService.timestamp(date) }
            let lease = now.addingTimeInterval(DeliveryService.leaseSeconds)
            let first = try #require(try await store.claimNext(channels: [.email], worker: "w1", token: "t1", now: stamp(now), leaseUntil: stamp(lease),
                                                               asOf: today, decide: Self.sendAnything))
            // While w1 holds it, nobody else gets it.
            #expect(try await store.claimNext(channels: [.email], worker: "w2", token: "t2", now: stamp(now.addingTimeInterval(60)),
                                              leaseUntil: stamp(lease), asOf: today, decide: Self.sendAnything) == nil)
            // w1 stalls past its lease; w2 takes the message over.
            let later = lease.addingTimeInterval(1)
            let second = try #require(try await store.claimNext(channels: [.email], worker: "w2", token: "t2", now: stamp(later),
                                                                leaseUntil: stamp(later.addingTimeInterval(DeliveryService.leaseSeconds)), asOf: today,
                                                                decide: Self.sendAnything))
            #expect(second.entry.id == first.entry.id)
            #expect(try await store.markSent(first.entry, receipt: "email sent by w1", at: stamp(later), actor: "w1") == false)
            #expect(try await store.markFailed(first.entry, error: "late", retryAt: nil, at: stamp(later), actor: "w1") == false)
            #expect(try await store.outbox().first?.status == "sending")
            #expect(try await status(store, notice.action.id) == .approved)
            #expect(try await store.markSent(second.entry, receipt: "email sent by w2", at: stamp(later), actor: "w2") == true)
            #expect(try await store.outbox().first?.status == "sent")
            #expect(try await status(store, notice.action.id) == .executed)
            let audit = try await store.auditLog(limit: 50).filter { $0.event.entityID == notice.action.id }
            #expect(audit.contains { $0.event.action == "sent without the claim" && $0.event.actor == "w1" })
            #expect(audit.contains { $0.event.action == "claim expired" })
        }
    }

    @Test("a send whose recording failed is not sent again as a retry", arguments: TestEnvironment.engines)
    func recordingFailure(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let (store, notice) = try await finalNotice(database)
            // The database refuses to record any send (as a full disk or a lost connection would).
            switch engine {
            case .sqlite:
                try await database.sql.raw("""
                    CREATE TRIGGER refuse_sent BEFORE UPDATE OF status ON outbox WHEN NEW.status = 'sent' BEGIN SELECT RAISE(ABORT, 'disk full'); END
                    """).run()
            case .postgres:
                try await database.sql.raw("""
                    CREATE FUNCTION refuse_sent() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql
                    """).run()
                try await database.sql.raw("""
                    CREATE TRIGGER refuse_sent BEFORE UPDATE OF status ON outbox FOR EACH ROW WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()
                    """).run()
            }
            let sender = RecordingSender()
            let stopped = await #expect(throws: DeliveryStopped.self) { try await service(store, sender).run(asOf: today, now: now) }
            #expect(stopped?.reason.contains("went out") == true)
            #expect(sender.count == 1)
            try await database.sql.raw("DROP TRIGGER refuse_sent\(unsafeRaw: engine == .postgres ? " ON outbox" : "")").run()
            // Past every early backoff, within the claim: nothing is sent again.
            #expect(try await service(store, sender).run(asOf: today, now: now.addingTimeInterval(10 * 60)).sent == 0)
            #expect(sender.count == 1)
            #expect(try await store.outbox().first?.status == "sending")
            // Only once the claim has run out is it taken as unfinished, and sent again under the same Message-ID.
            let after = now.addingTimeInterval(DeliveryService.leaseSeconds + 60)
            #expect(try await service(store, sender).run(asOf: today, now: after).sent == 1)
            let ids = Set(sender.sent.withLock { $0.map(\.messageID) })
            #expect(ids.count == 1)
            #expect(try await status(store, notice.action.id) == .executed)
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
