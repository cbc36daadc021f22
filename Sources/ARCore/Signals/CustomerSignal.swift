/// What a customer did with a message or on the portal: the behaviour the planner and the
/// collectors read beside the ledger. A signal is a fact, never edited; one that a machine
/// rather than a person probably caused (a mail privacy proxy fetching images, a link scanner)
/// is kept but flagged, so it is seen and explained and never counted as a person's.
public struct CustomerSignal: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The message's tracking image was fetched.
        case open
        /// A link in the message was followed (to pay, or to the portal).
        case click
        /// The portal was opened from a message's link.
        case portalView = "portal_view"
        /// The customer promised to pay on the portal.
        case promise
        /// The customer disputed an invoice on the portal.
        case dispute
        /// The customer asked for a copy of an invoice.
        case copyRequest = "copy_request"
        /// The customer asked to change the AR contact (proposed to a person, never applied as is).
        case contactChange = "contact_change"
        /// A message to this address bounced.
        case bounce
    }

    public var id: Int64
    public var customerID: CustomerID
    /// The action whose message or link it came from (nil for none).
    public var actionID: String?
    public var kind: Kind
    /// The invoice it concerns, if one.
    public var invoice: InvoiceNumber?
    /// Why it is taken to be a machine's, not a person's (nil: a person's).
    public var automatedReason: String?
    public var detail: String
    /// ISO 8601 instant.
    public var occurredAt: String

    public init(id: Int64, customerID: CustomerID, actionID: String?, kind: Kind, invoice: InvoiceNumber?, automatedReason: String?,
                detail: String, occurredAt: String) {
        self.id = id
        self.customerID = customerID
        self.actionID = actionID
        self.kind = kind
        self.invoice = invoice
        self.automatedReason = automatedReason
        self.detail = detail
        self.occurredAt = occurredAt
    }

    public var isPersons: Bool { automatedReason == nil }
}
