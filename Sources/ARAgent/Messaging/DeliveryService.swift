import ARCore
import Foundation

/// Everything delivery needs from the ledger.
public typealias DeliveryStore = LedgerStore & CollectionsStore & OutboxStore

/// The run stopped because the installation's settings are wrong (credentials, TLS, a provider
/// token, a template): no message was failed for it, the one in hand went back to the queue, and
/// the reason names what to fix. What the run did before is in `report`.
public struct DeliveryStopped: Error, CustomStringConvertible, Sendable {
    public let report: DeliveryReport
    public let reason: String
    public var description: String { "delivery stopped: \(reason)" }
}

/// Carries out approved actions on every configured channel: writes one outbox row per action
/// and channel, then takes the due messages one claim at a time. Each claim re-checks the
/// message against the ledger in the transaction that takes it (``SendingRecheck``), composes it
/// for what is still owed, and the send is recorded only while the claim holds. Temporary
/// failures are retried with bounded backoff; permanent ones fail the message and its action;
/// configuration problems stop the run and leave the action approved for when they are fixed.
public struct DeliveryService: Sendable {
    public let store: any DeliveryStore
    public let channels: DeliveryChannels
    public let composer: MessageComposer
    public let worker: String
    public let messageDomain: String
    /// Used for customers without a time zone of their own.
    public var companyTimeZone: TimeZone = .current
    /// A fresh token per claim, so that a worker whose lease ran out cannot record over the next claim.
    public var newClaimToken: @Sendable () -> String = { UUID().uuidString }

    /// Minutes to wait after each failed attempt; after the last, the message has failed.
    public static let backoffMinutes = [1, 5, 30, 120, 720]
    /// The first attempt and one after each backoff: no message is tried more often, whether its
    /// attempts failed or its worker stopped mid-send.
    public static var maxAttempts: Int { backoffMinutes.count + 1 }
    /// How long one claim (one message) is held: longer than the slowest send can take (SMTP's
    /// connect 10 s, replies 60 s each and 300 s for the server to accept the message; an SMS
    /// request times out after 30 s), so only a worker that stopped loses its claim.
    public static let leaseSeconds: TimeInterval = 900
    /// Recording an accepted send is retried this often before the run stops; the message is
    /// never sent again for a failure to record it.
    public static let recordAttempts = 3
    /// An unsubscribe link must keep working long after the reminder (RFC 8058 expects it to).
    public static let unsubscribeLinkLifetimeDays: Int64 = 365

    /// Email only (as tests and older callers use it).
    public init(store: any DeliveryStore, sender: any MessageSender, composer: MessageComposer, worker: String, messageDomain: String = "aragent.local") {
        self.init(store: store, channels: DeliveryChannels(email: sender), composer: composer, worker: worker, messageDomain: messageDomain)
    }

    public init(store: any DeliveryStore, channels: DeliveryChannels, composer: MessageComposer, worker: String, messageDomain: String = "aragent.local") {
        self.store = store
        self.channels = channels
        self.composer = composer
        self.worker = worker
        self.messageDomain = messageDomain
    }

    public func run(asOf: CalendarDate, now: Date) async throws -> DeliveryReport {
        try await run(asOf: asOf, clock: { now })
    }

    /// One delivery run: queues what was approved, then sends what is due until nothing is, or
    /// until `stopping` says the process is shutting down: the message being sent finishes (and
    /// is recorded), no new one is claimed, and the rest wait for the next run.
    /// Throws ``DeliveryStopped`` on a configuration problem.
    public func run(asOf: CalendarDate, clock: @escaping @Sendable () -> Date, stopping: @Sendable () -> Bool = { false }) async throws -> DeliveryReport {
        var report = DeliveryReport()
        let available = channels.available
        guard !available.isEmpty else { return report }
        try await queue(channels: available, at: clock(), report: &report)
        let policy = try await store.activePolicy()?.policy ?? DunningPolicy()
        while !stopping() {
            let moment = clock()
            let service = self
            let claimed = try await store.claimNext(
                channels: available, worker: worker, token: newClaimToken(), now: Self.timestamp(moment),
                leaseUntil: Self.timestamp(moment.addingTimeInterval(Self.leaseSeconds)), asOf: asOf,
                decide: { facts in service.prepare(facts, policy: policy, asOf: asOf, now: moment) })
            guard let claimed else { return report }
            let channel = claimed.entry.channel
            switch claimed.decision {
            case .send: try await deliver(claimed.entry, clock: clock, report: &report)
            case .cancel: report[channel].cancelled += 1
            case .fail: report[channel].failed += 1
            case .postpone: report[channel].deferred += 1
            case .stop(let why): throw DeliveryStopped(report: report, reason: why)
            }
        }
        return report
    }

    private func queue(channels: Set<DeliveryChannel>, at now: Date, report: inout DeliveryReport) async throws {
        for stored in try await store.actionsToQueue(channels: channels) {
            let action = stored.action
            // Email needs a Message-ID of RFC 5322's form; a text's idempotency key and a letter's page are the action's id.
            let messageID = action.channel == .email
                ? "<" + TrackingToken.base64URL(Data(action.id.utf8)) + "@" + messageDomain + ">" : action.id
            if try await store.enqueue(actionID: action.id, channel: action.channel, customer: action.customerID, messageID: messageID,
                                       at: Self.timestamp(now), actor: worker) {
                report[action.channel].queued += 1
            }
        }
    }

    /// Decides, from the facts read in the claiming transaction, what happens to the message.
    /// Pure (no I/O): the store applies the decision in the same transaction.
    func prepare(_ facts: DeliveryFacts, policy: DunningPolicy, asOf: CalendarDate, now: Date) -> ClaimDecision {
        let entry = facts.entry
        if entry.attempts >= Self.maxAttempts {
            return .fail("gave up after \(entry.attempts) attempts without a recorded send\(entry.lastError.map { "; last: \($0)" } ?? "")")
        }
        let verdict = SendingRecheck.check(facts, asOf: asOf, promiseGraceDays: policy.promiseGraceDays)
        guard case .send(let still, let dropped) = verdict else {
            if case .cancel(let why) = verdict { return .cancel(why) }
            return .fail("the re-check of action \(entry.actionID) gave no verdict")
        }
        guard let action = facts.action?.action, let customer = facts.customer else {
            return .fail("customer of action \(entry.actionID) is not in the ledger")
        }
        if entry.channel != .letter {
            // Within the policy's send hours (and on a business day) in the customer's time zone.
            let zone = customer.timeZone.flatMap(TimeZone.init(identifier:)) ?? companyTimeZone
            if let opens = SendWindow(hours: policy.sendHours, businessDaysOnly: policy.businessDaysOnly, timeZone: zone).nextOpening(after: now) {
                return .postpone(until: Self.timestamp(opens), why: "outside the send hours in \(zone.identifier)")
            }
        }
        let seconds = Int64(now.timeIntervalSince1970)
        var composer = self.composer
        composer.promiseGraceDays = policy.promiseGraceDays
        let note = dropped.isEmpty ? nil
            : "re-checked before sending: \(dropped.joined(separator: ", ")); sent for \(still.map(\.number.rawValue).joined(separator: ", "))"
        do {
            switch entry.channel {
            case .email:
                guard let address = customer.email, !address.isEmpty else {
                    return .fail("customer \(customer.id) has no email address; add one in customers.csv")
                }
                let message = try composer.compose(action, customer: customer, invoices: still, account: facts.account, asOf: asOf, now: seconds)
                let token = TrackingToken(actionID: action.id, purpose: .unsubscribe, expires: seconds + Self.unsubscribeLinkLifetimeDays * 86_400)
                return .send(MessageContent(recipients: [address], subject: message.subject, text: message.text, html: message.html,
                                            listUnsubscribe: "<\(composer.settings.portalBaseURL)/unsubscribe/\(token.signed(with: composer.key))>",
                                            inReplyTo: facts.previousMessageID), note: note)
            case .sms:
                guard let phone = customer.phone, !phone.isEmpty else {
                    return .fail("customer \(customer.id) has no phone number; add one in customers.csv")
                }
                let text = try composer.sms(action, customer: customer, invoices: still, account: facts.account, asOf: asOf, now: seconds)
                return .send(MessageContent(recipients: [phone], text: text), note: note)
            case .letter:
                let page = try composer.letter(action, customer: customer, invoices: still, account: facts.account, asOf: asOf, now: seconds)
                // The page is the letter's text too: the outbox's text is what `verify` reads for the invoices a message named.
                return .send(MessageContent(recipients: [customer.name], text: page, html: page), note: note)
            case .call, .none:
                return .fail("the \(entry.channel.rawValue) channel sends no message")
            }
        } catch {
            return .stop("the template '\(action.template)' of action \(action.id) cannot be rendered: \(error); fix it in the --templates folder")
        }
    }

    private func deliver(_ entry: OutboxEntry, clock: @Sendable () -> Date, report: inout DeliveryReport) async throws {
        let receipt: String
        do {
            receipt = try await channels.deliver(entry)
        } catch let failure as SendFailure {
            try await record(failure, entry: entry, at: clock(), report: &report)
            return
        } catch {
            try await record(.transient("\(error)"), entry: entry, at: clock(), report: &report)
            return
        }
        // The server accepted the message: from here on it is never sent again by this run,
        // whatever happens to recording it.
        var failures: [String] = []
        for _ in 0..<Self.recordAttempts {
            do {
                if try await store.markSent(entry, receipt: receipt, at: Self.timestamp(clock()), actor: worker) {
                    report[entry.channel].sent += 1
                } else {
                    report[entry.channel].claimLost += 1
                }
                return
            } catch {
                failures.append("\(error)")
            }
        }
        throw DeliveryStopped(report: report, reason: """
            message \(entry.messageID) of action \(entry.actionID) went out (\(receipt)) but recording it failed \(Self.recordAttempts) times \
            (\(failures.last ?? "")); this run sends nothing more. It stays claimed by \(worker) until \(entry.claim?.until ?? "its lease ends"); \
            after that another worker takes it as unfinished and sends it again with the same message id
            """)
    }

    private func record(_ failure: SendFailure, entry: OutboxEntry, at now: Date, report: inout DeliveryReport) async throws {
        let stamp = Self.timestamp(now)
        switch failure {
        case .configuration(let why):
            _ = try await store.release(entry, reason: why, at: stamp, actor: worker)
            throw DeliveryStopped(report: report, reason: why)
        case .permanent:
            if try await store.markFailed(entry, error: failure.description, retryAt: nil, at: stamp, actor: worker) { report[entry.channel].failed += 1 }
        case .recipientRefused(let address, _):
            if try await store.markRefused(entry, address: address, error: failure.description, at: stamp, actor: worker) {
                report[entry.channel].failed += 1
                report[entry.channel].bounced += 1
            }
        case .transient(let why):
            // `attempts` counts this one: the n-th failure waits the n-th backoff; after the last, the message has failed.
            let attempts = entry.attempts
            if attempts >= 1, attempts <= Self.backoffMinutes.count {
                let retryAt = Self.timestamp(now.addingTimeInterval(TimeInterval(Self.backoffMinutes[attempts - 1] * 60)))
                if try await store.markFailed(entry, error: failure.description, retryAt: retryAt, at: stamp, actor: worker) {
                    report[entry.channel].retrying += 1
                }
            } else {
                let error = "gave up after \(attempts) attempts; last: temporary failure: \(why)"
                if try await store.markFailed(entry, error: error, retryAt: nil, at: stamp, actor: worker) { report[entry.channel].failed += 1 }
            }
        }
    }

    /// The outbox's instants: ISO 8601 UTC with milliseconds, which sort as text.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// The senders of the configured channels. A channel without one is not delivered: its
/// approved actions wait in the ledger until it is configured.
public struct DeliveryChannels: Sendable {
    public var email: (any MessageSender)?
    public var sms: (any SMSSender)?
    public var letters: (any LetterWriter)?

    public init(email: (any MessageSender)? = nil, sms: (any SMSSender)? = nil, letters: (any LetterWriter)? = nil) {
        self.email = email
        self.sms = sms
        self.letters = letters
    }

    public var available: Set<DeliveryChannel> {
        var channels: Set<DeliveryChannel> = []
        if email != nil { channels.insert(.email) }
        if sms != nil { channels.insert(.sms) }
        if letters != nil { channels.insert(.letter) }
        return channels
    }

    /// Hands the message to its channel; returns what happened, for the audit log.
    func deliver(_ entry: OutboxEntry) async throws -> String {
        switch entry.channel {
        case .email:
            guard let email else { throw SendFailure.configuration("email is not configured") }
            try await email.send(entry.email)
            return "email sent to \(entry.recipients.joined(separator: ", ")) (\(entry.messageID))"
        case .sms:
            guard let sms else { throw SendFailure.configuration("texts are not configured") }
            try await sms.send(entry.sms)
            return "text sent to \(entry.sms.to)"
        case .letter:
            guard let letters else { throw SendFailure.configuration("letters are not configured") }
            return "letter written to \(try await letters.write(entry.letter))"
        case .call, .none:
            throw SendFailure.permanent("the \(entry.channel.rawValue) channel sends no message")
        }
    }
}
