import ARCore

/// An email on its way out.
public struct OutgoingEmail: Sendable, Hashable {
    /// Stable per action, so a retry (or a second worker after a crash) reuses it and the
    /// receiving side can tell a duplicate.
    public var messageID: String
    public var recipients: [String]
    public var subject: String
    public var text: String
    public var html: String
    public var listUnsubscribe: String?
    /// The previous reminder to the same customer: replies and reminders thread together.
    public var inReplyTo: String?

    public init(messageID: String, recipients: [String], subject: String, text: String, html: String, listUnsubscribe: String? = nil,
                inReplyTo: String? = nil) {
        self.messageID = messageID
        self.recipients = recipients
        self.subject = subject
        self.text = text
        self.html = html
        self.listUnsubscribe = listUnsubscribe
        self.inReplyTo = inReplyTo
    }
}

/// Why a send failed: worth retrying later, or never.
public enum SendFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case transient(String)
    case permanent(String)
    public var description: String {
        switch self {
        case .transient(let why): "temporary failure: \(why)"
        case .permanent(let why): "permanent failure: \(why)"
        }
    }
}

/// Delivers email (SMTP in production, a recorder in tests).
public protocol MessageSender: Sendable {
    /// Throws `SendFailure`; anything else thrown counts as transient.
    func send(_ email: OutgoingEmail) async throws
}

/// A queued message as the outbox holds it.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var actionID: String
    public var email: OutgoingEmail
    public var attempts: Int
    public var status: String
    public var customerID: CustomerID?

    public init(id: Int64, actionID: String, email: OutgoingEmail, attempts: Int, status: String, customerID: CustomerID? = nil) {
        self.id = id
        self.actionID = actionID
        self.email = email
        self.attempts = attempts
        self.status = status
        self.customerID = customerID
    }
}

/// The outbox: messages written in the same transaction as the decision to send them, claimed by
/// one worker at a time (row locks on PostgreSQL), retried with backoff, failures recorded.
public protocol OutboxStore: Sendable {
    /// Approved email actions not yet queued, with what composing needs.
    func actionsToQueue() async throws -> [StoredAction]
    func enqueue(actionID: String, customer: CustomerID, email: OutgoingEmail, at: String, actor: String) async throws
    /// The Message-ID of the last message sent to this customer, to thread the next one onto.
    func lastMessageID(customer: CustomerID) async throws -> String?
    /// Marks an action done without a message (nothing left to chase, or no address), with why.
    func close(actionID: String, status: ActionStatus, note: String, actor: String) async throws
    /// Claims up to `limit` due messages for `worker` until `leaseSeconds` from now.
    func claimDue(worker: String, now: String, leaseUntil: String, limit: Int) async throws -> [OutboxEntry]
    func markSent(_ entry: OutboxEntry, at: String, actor: String) async throws
    /// Puts a claimed message back, unsent and without counting an attempt, until `until`
    /// (outside the customer's send hours).
    func deferEntry(_ entry: OutboxEntry, until: String) async throws
    func markFailed(_ entry: OutboxEntry, error: String, retryAt: String?, at: String, actor: String) async throws
    func outbox() async throws -> [OutboxEntry]
}
