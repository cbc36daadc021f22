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

/// Why a send failed, which decides what happens to the message.
public enum SendFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Worth trying again later (a 4xx, the server down): retried with backoff, then failed.
    case transient(String)
    /// This message will never go out as it is (a refused address, a message too large): the
    /// message and its action fail, with why.
    case permanent(String)
    /// The installation's settings are wrong (credentials refused, TLS, a provider token): every
    /// message would fail the same way, so none is failed. The run stops, the message goes back
    /// to the queue untouched, its action stays approved, and the text names the flag or
    /// environment variable to fix.
    case configuration(String)
    /// The server refused the recipient's address for good (a 5xx to RCPT TO: no such user,
    /// mailbox disabled): a permanent failure that also marks the address as failing.
    case recipientRefused(address: String, why: String)

    public var description: String {
        switch self {
        case .recipientRefused(let address, let why): "permanent failure: the server refused <\(address)>: \(why)"
        case .transient(let why): "temporary failure: \(why)"
        case .permanent(let why): "permanent failure: \(why)"
        case .configuration(let why): "configuration problem: \(why)"
        }
    }
}

/// Delivers email (SMTP in production, a recorder in tests).
public protocol MessageSender: Sendable {
    /// Throws `SendFailure`; anything else thrown counts as transient.
    func send(_ email: OutgoingEmail) async throws
}
