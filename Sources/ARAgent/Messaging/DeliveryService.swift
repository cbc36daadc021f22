import ARCore
import Foundation

/// Everything delivery needs from the ledger.
public typealias DeliveryStore = LedgerStore & CollectionsStore & OutboxStore

/// What a delivery run did.
public struct DeliveryReport: Sendable, Equatable {
    public var queued = 0
    public var cancelled = 0
    public var sent = 0
    public var retrying = 0
    public var failed = 0
    /// Held back until the customer's send hours.
    public var deferred = 0
    public init() {}
}

/// Carries out approved email actions: re-checks each against the ledger at the moment of
/// sending (an invoice paid, disputed or promised since the plan is dropped; an action with
/// nothing left is cancelled), writes the message to the outbox, then delivers what is due,
/// retrying temporary failures with backoff and recording permanent ones.
public struct DeliveryService: Sendable {
    public let store: any DeliveryStore
    public let sender: any MessageSender
    public let composer: MessageComposer
    public let worker: String
    public let messageDomain: String
    /// Used for customers without a time zone of their own.
    public var companyTimeZone: TimeZone = .current
    /// Minutes to wait after each failed attempt; after the last, the message has failed.
    public static let backoffMinutes = [1, 5, 30, 120, 720]

    public init(store: any DeliveryStore, sender: any MessageSender, composer: MessageComposer, worker: String, messageDomain: String = "aragent.local") {
        self.store = store
        self.sender = sender
        self.composer = composer
        self.worker = worker
        self.messageDomain = messageDomain
    }

    public func run(asOf: CalendarDate, now: Date) async throws -> DeliveryReport {
        var report = DeliveryReport()
        try await queue(asOf: asOf, now: now, report: &report)
        let stamp = Self.timestamp(now)
        let entries = try await store.claimDue(worker: worker, now: stamp, leaseUntil: Self.timestamp(now.addingTimeInterval(600)), limit: 500)
        let policy = try await store.activePolicy()?.policy ?? DunningPolicy()
        let zones = Dictionary(try await store.customers().map { ($0.id, $0.timeZone) }, uniquingKeysWith: { first, _ in first })
        for entry in entries {
            // Within the policy's send hours (and on a business day) in the customer's time zone.
            let zone = entry.customerID.flatMap { zones[$0] ?? nil }.flatMap(TimeZone.init(identifier:)) ?? companyTimeZone
            if let opens = SendWindow(hours: policy.sendHours, businessDaysOnly: policy.businessDaysOnly, timeZone: zone).nextOpening(after: now) {
                try await store.deferEntry(entry, until: Self.timestamp(opens))
                report.deferred += 1
                continue
            }
            do {
                try await sender.send(entry.email)
                try await store.markSent(entry, at: stamp, actor: worker)
                report.sent += 1
            } catch let failure as SendFailure {
                try await record(failure, entry: entry, now: now, report: &report)
            } catch {
                try await record(.transient("\(error)"), entry: entry, now: now, report: &report)
            }
        }
        return report
    }

    private func record(_ failure: SendFailure, entry: OutboxEntry, now: Date, report: inout DeliveryReport) async throws {
        var retryAt: String?
        if case .transient = failure, entry.attempts < Self.backoffMinutes.count {
            retryAt = Self.timestamp(now.addingTimeInterval(TimeInterval(Self.backoffMinutes[entry.attempts] * 60)))
        }
        try await store.markFailed(entry, error: failure.description, retryAt: retryAt, at: Self.timestamp(now), actor: worker)
        if retryAt == nil { report.failed += 1 } else { report.retrying += 1 }
    }

    private func queue(asOf: CalendarDate, now: Date, report: inout DeliveryReport) async throws {
        let pending = try await store.actionsToQueue()
        guard !pending.isEmpty else { return }
        let recheck = try await SendingRecheck(store: store, asOf: asOf)
        for stored in pending {
            let action = stored.action
            let (still, dropped) = recheck.check(action)
            guard !still.isEmpty else {
                try await store.close(actionID: action.id, status: .cancelled,
                                      note: "re-checked before sending: \(dropped.joined(separator: ", ")); nothing left to remind", actor: worker)
                report.cancelled += 1
                continue
            }
            guard let customer = recheck.customers[action.customerID], let email = customer.email, !email.isEmpty else {
                try await store.close(actionID: action.id, status: .failed,
                                      note: "customer \(action.customerID) has no email address; add one in customers.csv", actor: worker)
                report.failed += 1
                continue
            }
            let message = try composer.compose(action, customer: customer, invoices: still, asOf: asOf, now: Int64(now.timeIntervalSince1970))
            let token = TrackingToken(actionID: action.id, purpose: .unsubscribe, expires: Int64(now.timeIntervalSince1970) + 365 * 86_400)
            let messageID = "<" + TrackingToken.base64URL(Data(action.id.utf8)) + "@" + messageDomain + ">"
            try await store.enqueue(actionID: action.id, customer: action.customerID, email: OutgoingEmail(
                messageID: messageID, recipients: [email], subject: message.subject, text: message.text, html: message.html,
                listUnsubscribe: "<\(composer.settings.portalBaseURL)/unsubscribe/\(token.signed(with: composer.key))>",
                inReplyTo: try await store.lastMessageID(customer: action.customerID)),
                at: Self.timestamp(now), actor: worker)
            report.queued += 1
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// The ledger as it stands at the moment of sending, against which every channel re-checks an
/// approved action: an invoice paid, disputed or promised since the plan is dropped.
public struct SendingRecheck: Sendable {
    public let customers: [CustomerID: Customer]
    public let policy: DunningPolicy
    let items: [InvoiceNumber: DunningItem]
    let asOf: CalendarDate

    public init(store: any DeliveryStore, asOf: CalendarDate) async throws {
        let inputs = try await store.dunningInputs(asOf: asOf)
        items = Dictionary(inputs.items.map { ($0.invoice.number, $0) }, uniquingKeysWith: { first, _ in first })
        customers = Dictionary(inputs.customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        policy = try await store.activePolicy()?.policy ?? DunningPolicy()
        self.asOf = asOf
    }

    /// The action's invoices still to chase, and why the others were dropped.
    public func check(_ action: PlannedAction) -> (still: [Invoice], dropped: [String]) {
        var dropped: [String] = []
        var still: [Invoice] = []
        for number in action.invoices {
            guard let item = items[number] else { dropped.append("\(number) is paid"); continue }
            if item.invoice.isDisputed { dropped.append("\(number) is disputed"); continue }
            if let promised = item.promisedUntil, asOf <= promised.adding(days: policy.promiseGraceDays) {
                dropped.append("\(number) is promised for \(promised.iso)")
                continue
            }
            still.append(item.invoice)
        }
        return (still, dropped)
    }
}

/// The hours in which messages may go out, in one time zone.
public struct SendWindow: Sendable {
    public let hours: ClosedRange<Int>
    public let businessDaysOnly: Bool
    public let timeZone: TimeZone

    public init(hours: ClosedRange<Int>, businessDaysOnly: Bool, timeZone: TimeZone) {
        self.hours = hours
        self.businessDaysOnly = businessDaysOnly
        self.timeZone = timeZone
    }

    /// `nil` when `date` is inside the window; otherwise the next moment the window opens.
    public func nextOpening(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func open(_ moment: Date) -> Bool {
            let parts = calendar.dateComponents([.hour, .weekday], from: moment)
            guard let hour = parts.hour, let weekday = parts.weekday else { return true }
            let weekend = weekday == 1 || weekday == 7
            return hours.contains(hour) && !(businessDaysOnly && weekend)
        }
        if open(date) { return nil }
        // Step to the start of each following hour; a week always holds an opening.
        guard var moment = calendar.dateInterval(of: .hour, for: date)?.end else { return nil }
        for _ in 0..<(24 * 8) {
            if open(moment) { return moment }
            moment = moment.addingTimeInterval(3_600)
        }
        return nil
    }
}
