/// A text message on its way out.
public struct OutgoingSMS: Sendable, Hashable {
    public var to: String
    public var body: String
    /// Stable per action, sent to the provider so that a retry is not a second message.
    public var idempotencyKey: String

    public init(to: String, body: String, idempotencyKey: String) {
        self.to = to
        self.body = body
        self.idempotencyKey = idempotencyKey
    }
}

/// The SMS channel: one interface, one provider behind it at a time.
public protocol SMSSender: Sendable {
    /// Throws `SendFailure` (transient or permanent); anything else counts as transient.
    func send(_ message: OutgoingSMS) async throws
}
