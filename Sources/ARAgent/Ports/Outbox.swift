import ARCore

/// The channels a message can leave by: one outbox row per action and channel.
public typealias DeliveryChannel = DunningPolicy.Step.Channel

extension DunningPolicy.Step.Channel {
    /// The channels the outbox delivers (calls are tasks for a person; `none` sends nothing).
    public static let delivered: Set<DunningPolicy.Step.Channel> = [.email, .sms, .letter]
}

/// Which worker holds a claimed message, with the token of this one claim: recording what
/// happened to the message succeeds only while both still match.
public struct OutboxClaim: Sendable, Hashable {
    public var worker: String
    public var token: String
    public var until: String

    public init(worker: String, token: String, until: String) {
        self.worker = worker
        self.token = token
        self.until = until
    }
}

/// A message as the outbox holds it. Its content is composed at the moment it is claimed for
/// sending (from the ledger as it stands then), so it is empty while the row waits.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var actionID: String
    public var channel: DeliveryChannel
    /// The Message-ID of an email, the provider's idempotency key of a text, the page's key of
    /// a letter: stable per action, so a retry is recognisable as the same message.
    public var messageID: String
    /// Email addresses, a phone number, or the customer's name on a letter.
    public var recipients: [String]
    public var subject: String
    public var text: String
    public var html: String
    public var listUnsubscribe: String?
    public var inReplyTo: String?
    /// Claims so far; each claim for sending counts one.
    public var attempts: Int
    /// pending, sending, sent, failed or cancelled.
    public var status: String
    public var customerID: CustomerID?
    public var lastError: String?
    /// Set while this worker holds the message.
    public var claim: OutboxClaim?

    public init(id: Int64, actionID: String, channel: DeliveryChannel, messageID: String, recipients: [String] = [], subject: String = "",
                text: String = "", html: String = "", listUnsubscribe: String? = nil, inReplyTo: String? = nil, attempts: Int, status: String,
                customerID: CustomerID? = nil, lastError: String? = nil, claim: OutboxClaim? = nil) {
        self.id = id
        self.actionID = actionID
        self.channel = channel
        self.messageID = messageID
        self.recipients = recipients
        self.subject = subject
        self.text = text
        self.html = html
        self.listUnsubscribe = listUnsubscribe
        self.inReplyTo = inReplyTo
        self.attempts = attempts
        self.status = status
        self.customerID = customerID
        self.lastError = lastError
        self.claim = claim
    }

    public var email: OutgoingEmail {
        OutgoingEmail(messageID: messageID, recipients: recipients, subject: subject, text: text, html: html,
                      listUnsubscribe: listUnsubscribe, inReplyTo: inReplyTo)
    }

    public var sms: OutgoingSMS { OutgoingSMS(to: recipients.first ?? "", body: text, idempotencyKey: messageID) }

    public var letter: OutgoingLetter { OutgoingLetter(key: messageID, html: html) }
}

/// What a message says, composed at the moment it is claimed.
public struct MessageContent: Sendable, Hashable {
    public var recipients: [String]
    public var subject: String
    public var text: String
    public var html: String
    public var listUnsubscribe: String?
    public var inReplyTo: String?

    public init(recipients: [String], subject: String = "", text: String = "", html: String = "", listUnsubscribe: String? = nil,
                inReplyTo: String? = nil) {
        self.recipients = recipients
        self.subject = subject
        self.text = text
        self.html = html
        self.listUnsubscribe = listUnsubscribe
        self.inReplyTo = inReplyTo
    }
}

/// One invoice of an action as the ledger holds it at the moment of sending.
public struct InvoiceStanding: Sendable, Hashable {
    /// The effective state (open amount, paid date, disputed) every feature reads.
    public var invoice: Invoice
    /// The latest date of an open promise to pay, if there is one.
    public var promisedUntil: CalendarDate?
    /// The reasons of the active holds on this invoice.
    public var holds: [String]

    public init(invoice: Invoice, promisedUntil: CalendarDate? = nil, holds: [String] = []) {
        self.invoice = invoice
        self.promisedUntil = promisedUntil
        self.holds = holds
    }

    /// Whether a message may ask for this invoice on `asOf`: open, not disputed, not promised
    /// for a date that (with the grace) is still to come, not on hold. The same rule as
    /// ``SendingRecheck``.
    public func isRequested(asOf: CalendarDate, promiseGraceDays: Int) -> Bool {
        if invoice.paidDate != nil || invoice.openAmount.minorUnits <= 0 || invoice.isDisputed || !holds.isEmpty { return false }
        if let promised = promisedUntil, asOf <= promised.adding(days: promiseGraceDays) { return false }
        return true
    }
}

/// Everything the ledger says about a message at the moment it is claimed, read inside the
/// transaction that claims it.
public struct DeliveryFacts: Sendable {
    public var entry: OutboxEntry
    /// The action, in its current status (nil if it is gone).
    public var action: StoredAction?
    public var customer: Customer?
    /// The action's invoices still in the ledger, by number.
    public var invoices: [InvoiceNumber: InvoiceStanding]
    /// The reasons of the active holds on the customer.
    public var customerHolds: [String]
    /// The channels the customer unsubscribed from.
    public var unsubscribed: Set<DeliveryChannel>
    /// The last email sent to this customer, for threading.
    public var previousMessageID: String?
    /// For a statement (``MessageComposer/accountNeeded(for:)``): every open invoice of the
    /// customer in the action's currency, as it stands; empty for any other message.
    public var account: [InvoiceStanding] = []

    public init(entry: OutboxEntry, action: StoredAction?, customer: Customer?, invoices: [InvoiceNumber: InvoiceStanding],
                customerHolds: [String] = [], unsubscribed: Set<DeliveryChannel> = [], previousMessageID: String? = nil) {
        self.entry = entry
        self.action = action
        self.customer = customer
        self.invoices = invoices
        self.customerHolds = customerHolds
        self.unsubscribed = unsubscribed
        self.previousMessageID = previousMessageID
    }
}

/// What to do with a message, decided from its ``DeliveryFacts`` inside the claiming transaction.
public enum ClaimDecision: Sendable, Hashable {
    /// Claim it for this worker and send this content; `note` (invoices dropped) goes to the audit log.
    case send(MessageContent, note: String?)
    /// Nothing is left to send: the message is cancelled, and its action too if it is still approved.
    case cancel(String)
    /// It can never go out (no address, too many attempts): the message and its approved action fail.
    case fail(String)
    /// Not now (outside the customer's send hours): back to the queue until then, no attempt counted.
    case postpone(until: String, why: String)
    /// The settings are wrong (a template does not render): nothing changes and the run stops.
    case stop(String)
}

/// The message a claim looked at and what was decided; for `.send` the entry carries the content and the claim.
public struct ClaimResult: Sendable {
    public var entry: OutboxEntry
    public var decision: ClaimDecision

    public init(entry: OutboxEntry, decision: ClaimDecision) {
        self.entry = entry
        self.decision = decision
    }
}

/// The outbox: one row per action and channel, written for every approved action, claimed one
/// message at a time (row locks on PostgreSQL, the write lock on SQLite), re-checked against the
/// ledger in the claiming transaction, recorded only by the worker that holds the claim.
public protocol OutboxStore: Sendable {
    /// Approved actions on these channels with no outbox row for their channel yet.
    func actionsToQueue(channels: Set<DeliveryChannel>) async throws -> [StoredAction]
    /// Writes the waiting row; false when another worker wrote it first (no second audit entry).
    func enqueue(actionID: String, channel: DeliveryChannel, customer: CustomerID, messageID: String, at: String, actor: String) async throws -> Bool
    /// In one transaction: takes the next due message on these channels (pending and due, or
    /// claimed by a worker whose lease ran out), reads its ``DeliveryFacts``, asks `decide`, and
    /// applies the decision; for `.send` the message is claimed by `worker` with `token` until
    /// `leaseUntil` and counts one attempt. Nil when nothing is due.
    func claimNext(channels: Set<DeliveryChannel>, worker: String, token: String, now: String, leaseUntil: String, asOf: CalendarDate,
                   decide: @escaping @Sendable (DeliveryFacts) -> ClaimDecision) async throws -> ClaimResult?
    /// Records a send and executes the action, only while `entry.claim` still holds; false (and an
    /// audit entry saying so) when another worker or a cancellation took the message meanwhile.
    func markSent(_ entry: OutboxEntry, receipt: String, at: String, actor: String) async throws -> Bool
    /// Records a failed attempt while the claim holds: back to the queue until `retryAt`, or (nil)
    /// failed for good with its approved action.
    func markFailed(_ entry: OutboxEntry, error: String, retryAt: String?, at: String, actor: String) async throws -> Bool
    /// A permanent failure because the server refused the recipient's address: the message
    /// fails as with ``markFailed(_:error:retryAt:at:actor:)``, and in the same transaction
    /// the address is marked as failing on the customer (a `bounce` signal), so no further
    /// email goes to it until the contact is fixed.
    func markRefused(_ entry: OutboxEntry, address: String, error: String, at: String, actor: String) async throws -> Bool
    /// Gives a claimed message back untouched (the attempt uncounted, due again at once), for a
    /// configuration problem that is not the message's fault; the action stays approved.
    func release(_ entry: OutboxEntry, reason: String, at: String, actor: String) async throws -> Bool
    /// Cancels a proposed or approved action and, in the same transaction, its queued messages.
    func cancelAction(id: String, note: String?, actor: String) async throws
    func outbox() async throws -> [OutboxEntry]
}
