import ARCore

/// A signal to record: what ``CustomerSignal`` holds before the store gives it an id and a time.
public struct NewSignal: Sendable, Hashable {
    public var customerID: CustomerID
    public var actionID: String?
    public var kind: CustomerSignal.Kind
    public var invoice: InvoiceNumber?
    public var automatedReason: String?
    public var detail: String
    /// A signal of a key already recorded is not recorded again (an open once per message and
    /// per person or proxy, a portal visit once per few minutes); nil records every one.
    public var dedupeKey: String?

    public init(customerID: CustomerID, actionID: String?, kind: CustomerSignal.Kind, invoice: InvoiceNumber? = nil, automatedReason: String? = nil,
                detail: String, dedupeKey: String? = nil) {
        self.customerID = customerID
        self.actionID = actionID
        self.kind = kind
        self.invoice = invoice
        self.automatedReason = automatedReason
        self.detail = detail
        self.dedupeKey = dedupeKey
    }
}

/// A file a customer sent with a dispute, as received.
public struct NewAttachment: Sendable, Hashable {
    public var filename: String
    public var contentType: String
    public var bytes: [UInt8]

    public init(filename: String, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}

/// A stored attachment's description; its id is random (128 bits), so it cannot be guessed,
/// and it is served only to people signed in to the workbench.
public struct AttachmentInfo: Sendable, Hashable {
    public var id: String
    public var customerID: CustomerID
    public var invoice: InvoiceNumber?
    public var filename: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var receivedAt: String

    public init(id: String, customerID: CustomerID, invoice: InvoiceNumber?, filename: String, contentType: String, size: Int, sha256: String,
                receivedAt: String) {
        self.id = id
        self.customerID = customerID
        self.invoice = invoice
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.receivedAt = receivedAt
    }
}

/// The customer's side of the ledger: the signals of what customers did, the files they sent,
/// the portal's revocations and the company's identity and payment instructions.
public protocol PortalStore: Sendable {
    /// Records the signal and its audit entry in one transaction, with the attachments that came
    /// with it. Returns false, recording nothing, when a signal of its dedupe key exists.
    @discardableResult
    func record(_ signal: NewSignal, attachments: [NewAttachment], actor: String) async throws -> Bool
    /// The customer's signals, newest first.
    func signals(customer: CustomerID, limit: Int) async throws -> [CustomerSignal]
    /// Signals of every customer on or after the instant `since` (ISO 8601), for the planner.
    func signals(since: String) async throws -> [CustomerSignal]
    func attachments(customer: CustomerID) async throws -> [AttachmentInfo]
    /// The attachment and its bytes, nil if there is none of that id.
    func attachment(id: String) async throws -> (info: AttachmentInfo, bytes: [UInt8])?
    /// From now on, portal links of the customer's earlier messages are refused.
    func revokePortal(customer: CustomerID, actor: String) async throws
    /// When the customer's portal links were last revoked (ISO 8601), nil if never.
    func portalRevokedAt(customer: CustomerID) async throws -> String?
    /// The customer's invoices with something open, oldest due first.
    func openInvoices(customer: CustomerID) async throws -> [Invoice]
    /// When the action's first message left (ISO 8601), nil if none has.
    func firstSentAt(actionID: String) async throws -> String?
    /// The customers whose email (one address, or several separated by commas or semicolons)
    /// includes `address`, compared without case.
    func customers(email address: String) async throws -> [CustomerID]
    func companyProfile() async throws -> CompanyProfile?
    func setCompanyProfile(_ profile: CompanyProfile, actor: String) async throws
    /// The customers whose email address bounced (a DSN or a refusal at sending) while it is
    /// still their address and nobody has looked at a message since: the tasks to fix a contact.
    func contactsToFix() async throws -> [ContactToFix]
}

/// A customer whose email address fails: a person should find the right one.
public struct ContactToFix: Sendable, Hashable {
    public var customerID: CustomerID
    public var name: String
    public var address: String
    /// When it first bounced (ISO 8601), and what the last report said.
    public var since: String
    public var detail: String

    public init(customerID: CustomerID, name: String, address: String, since: String, detail: String) {
        (self.customerID, self.name, self.address, self.since, self.detail) = (customerID, name, address, since, detail)
    }
}
