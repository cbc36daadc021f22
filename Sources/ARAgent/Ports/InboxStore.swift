import ARCore

/// One message from the inbox, as the mail reader understood it (the adapter turns a parsed
/// RFC 5322 message into this, so the use case needs no MIME).
public struct InboundMail: Sendable {
    public enum Kind: String, Sendable { case reply, bounce, autoReply = "auto_reply" }

    /// The Message-ID without angle brackets; a message without one is named by the digest of
    /// its bytes (`sha256:…`), so it is still stored once.
    public var messageID: String
    public var from: String?
    public var subject: String?
    /// The day the message says it was written (its Date field), if it says.
    public var date: CalendarDate?
    /// The Message-IDs it answers (In-Reply-To, then References), without angle brackets.
    public var inReplyTo: [String]
    public var kind: Kind
    /// The reply without quoted history and signature.
    public var visibleText: String
    /// For a bounce: the failed recipients.
    public var failures: [DeliveryFailure]
    public var attachmentNames: [String]

    public init(messageID: String, from: String?, subject: String?, date: CalendarDate?, inReplyTo: [String], kind: Kind,
                visibleText: String, failures: [DeliveryFailure] = [], attachmentNames: [String] = []) {
        self.messageID = messageID
        self.from = from
        self.subject = subject
        self.date = date
        self.inReplyTo = inReplyTo
        self.kind = kind
        self.visibleText = visibleText
        self.failures = failures
        self.attachmentNames = attachmentNames
    }
}

/// What became of an inbound message.
public enum InboundStatus: String, Sendable, CaseIterable {
    /// The agent did what the message asked (a promise recorded, a dispute opened, a bounce marked).
    case acted
    /// A person should read it: low confidence, no customer, or a request only a person can answer.
    case needsPerson = "needs_person"
    /// Nothing to do (an automatic reply).
    case ignored
}

/// A step the agent takes for a message, in the transaction that stores it.
public enum InboundEffect: Sendable, Hashable {
    case promise(InvoiceNumber, CalendarDate)
    case dispute(InvoiceNumber, DisputeType, note: String)
    case hold(CustomerID, reason: String, asOf: CalendarDate)
    case bounce(NewSignal)
}

/// An inbound message with how it was read and what is to be done about it.
public struct InboundRecord: Sendable {
    public var mail: InboundMail
    public var customerID: CustomerID?
    /// How the message was tied to the customer: "reply to action …", "invoice numbers …",
    /// "sender address …", nil when it was not.
    public var threadedBy: String?
    public var actionID: String?
    public var invoices: [InvoiceNumber]
    public var label: ReplyLabel?
    public var confidencePermille: Int?
    /// The top guesses ("promise_to_pay 81%, already_paid 12%"), for the person who reads it.
    public var guesses: String?
    public var promiseDate: CalendarDate?
    public var status: InboundStatus
    /// What was done, or why a person should look, in words.
    public var outcome: String
    public var effects: [InboundEffect]
}

/// A stored inbound message, as `inbox list` and `inbox show` print it.
public struct StoredInbound: Sendable, Hashable {
    public var id: Int64
    public var messageID: String
    public var receivedAt: String
    public var sender: String?
    public var subject: String?
    public var kind: String
    public var customerID: CustomerID?
    public var threadedBy: String?
    public var actionID: String?
    public var invoices: [InvoiceNumber]
    public var label: String?
    public var confidencePermille: Int?
    public var guesses: String?
    public var promiseDate: String?
    public var status: InboundStatus
    public var outcome: String
    public var visibleText: String

    public init(id: Int64, messageID: String, receivedAt: String, sender: String?, subject: String?, kind: String, customerID: CustomerID?,
                threadedBy: String?, actionID: String?, invoices: [InvoiceNumber], label: String?, confidencePermille: Int?, guesses: String?,
                promiseDate: String?, status: InboundStatus, outcome: String, visibleText: String) {
        self.id = id
        self.messageID = messageID
        self.receivedAt = receivedAt
        self.sender = sender
        self.subject = subject
        self.kind = kind
        self.customerID = customerID
        self.threadedBy = threadedBy
        self.actionID = actionID
        self.invoices = invoices
        self.label = label
        self.confidencePermille = confidencePermille
        self.guesses = guesses
        self.promiseDate = promiseDate
        self.status = status
        self.outcome = outcome
        self.visibleText = visibleText
    }
}

/// The inbox's side of the ledger: each message stored once by its Message-ID, with what was
/// done about it, in the same transaction as the doing.
public protocol InboxStore: Sendable {
    /// Whether a message of this Message-ID is stored.
    func inboundExists(messageID: String) async throws -> Bool
    /// The action whose sent message has one of these Message-IDs (the newest first), if any.
    func actionForSentMessage(ids: [String]) async throws -> StoredAction?
    /// Stores the message and takes its effects in one transaction. An effect the ledger refuses
    /// (the invoice was paid meanwhile, a dispute is already open) is undone alone and noted in
    /// the stored outcome, and the message then needs a person. Returns the outcome as stored,
    /// or nil when the message was stored already (by another process, or before).
    func storeInbound(_ record: InboundRecord, actor: String) async throws -> (status: InboundStatus, outcome: String)?
    func inbound(status: InboundStatus?, limit: Int) async throws -> [StoredInbound]
    func inbound(messageID: String) async throws -> StoredInbound?
}
