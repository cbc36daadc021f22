import ARCore
import Crypto
import Foundation
import Synchronization

/// The tracking links of messages: the open image (`/t/{token}`) and tracked links
/// (`/c/{token}`). Each open or click is recorded once per message and per kind of visitor (a
/// person, or a machine: a privacy proxy or a link scanner, flagged with the reason and never
/// counted as a person's); repeats cost no write, so a proxy fetching an image a thousand
/// times costs one row.
public final class TrackingService: Sendable {
    let ledger: any WorkbenchLedger
    let key: SymmetricKey
    let now: @Sendable () -> Date
    /// Dedupe keys already recorded (or found recorded) by this process: a repeat is answered
    /// without touching the database. Bounded: when full it is emptied, and the database's
    /// unique key still refuses a repeat.
    private let seen = Mutex<Set<String>>([])
    static let seenLimit = 100_000

    public init(ledger: any WorkbenchLedger, key: SymmetricKey, now: @escaping @Sendable () -> Date) {
        self.ledger = ledger
        self.key = key
        self.now = now
    }

    /// Records an open for the token; a token that is not valid records nothing (the image is
    /// answered anyway: a broken image helps nobody). Returns whether a new open was recorded.
    @discardableResult
    public func open(_ token: String, userAgent: String?, method: String) async throws -> Bool {
        guard let verified = try? TrackingToken.verify(token, with: key, now: Int64(now().timeIntervalSince1970)), verified.purpose == .open else {
            return false
        }
        return try await visit(verified.actionID, kind: .open, target: nil, userAgent: userAgent, method: method)
    }

    /// The URL a tracked link leads to, recording the click; throws ``PortalRefusal`` for a token
    /// that is not valid (the server then redirects nowhere).
    public func click(_ token: String, userAgent: String?, method: String) async throws -> String {
        let verified: TrackingToken
        do {
            verified = try TrackingToken.verify(token, with: key, now: Int64(now().timeIntervalSince1970))
        } catch .expired { throw PortalRefusal.expired } catch { throw PortalRefusal.invalid }
        guard verified.purpose == .redirect, let target = verified.target else { throw PortalRefusal.invalid }
        try await visit(verified.actionID, kind: .click, target: target, userAgent: userAgent, method: method)
        return target
    }

    /// The payment link of a message without a payment page (`/pay/{token}`): the action it
    /// was for (the server leads to its portal's payment instructions), recording the click.
    public func legacyPaymentClick(_ token: String, userAgent: String?, method: String) async throws -> String {
        let verified: TrackingToken
        do {
            verified = try TrackingToken.verify(token, with: key, now: Int64(now().timeIntervalSince1970))
        } catch .expired { throw PortalRefusal.expired } catch { throw PortalRefusal.invalid }
        guard verified.purpose == .click else { throw PortalRefusal.invalid }
        try await visit(verified.actionID, kind: .click, target: "payment", userAgent: userAgent, method: method)
        return verified.actionID
    }

    @discardableResult
    private func visit(_ actionID: String, kind: CustomerSignal.Kind, target: String?, userAgent: String?, method: String) async throws -> Bool {
        // The cheap screens first: a repeat of a person's visit is known without the database.
        let quick = VisitScreening.automatedReason(userAgent: userAgent, method: method, secondsSinceSent: nil)
        if quick != nil, seen.withLock({ $0.contains(Self.key(actionID, kind, target, person: false)) }) { return false }
        if quick == nil, seen.withLock({ $0.contains(Self.key(actionID, kind, target, person: true)) }) { return false }
        guard let stored = try await ledger.action(id: actionID) else { return false }
        var reason = quick
        if reason == nil, let sent = try await ledger.firstSentAt(actionID: actionID), let sentDate = Self.instant(sent) {
            reason = VisitScreening.automatedReason(userAgent: userAgent, method: method,
                                                    secondsSinceSent: Int64(now().timeIntervalSince(sentDate)))
        }
        let dedupe = Self.key(actionID, kind, target, person: reason == nil)
        let what = kind == .open ? "opened the message" : "followed the link to \(target == "payment" ? "pay" : target ?? "")"
        let recorded = try await ledger.record(NewSignal(customerID: stored.action.customerID, actionID: actionID, kind: kind, automatedReason: reason,
                                                         detail: what + (reason.map { " (not counted: \($0))" } ?? ""), dedupeKey: dedupe),
                                               attachments: [], actor: "tracking")
        seen.withLock { set in
            if set.count >= Self.seenLimit { set.removeAll(keepingCapacity: true) }
            set.insert(dedupe)
        }
        return recorded
    }

    static func key(_ actionID: String, _ kind: CustomerSignal.Kind, _ target: String?, person: Bool) -> String {
        "\(kind.rawValue):\(person ? "person" : "machine"):\(actionID)\(target.map { "|\($0)" } ?? "")"
    }

    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
