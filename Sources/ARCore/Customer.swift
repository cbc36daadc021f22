/// A customer's identifier as the company's books know it (`C-1001`, `0379-NEVHP`).
public struct CustomerID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: CustomerID, rhs: CustomerID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Someone the company invoices: who to contact, on what terms, and how much the relationship is worth.
public struct Customer: Hashable, Sendable {
    public var id: CustomerID
    public var name: String
    public var email: String?
    public var phone: String?
    /// Net days the customer is given to pay (30 for "net 30").
    public var paymentTermsDays: Int?
    public var creditLimit: Money?
    /// The currency the customer is invoiced in by default, if the books say.
    public var currency: Currency?
    /// Key accounts are handled by a named person, never by automated email alone.
    public var isKeyAccount: Bool
    public var annualRevenue: Money?
    /// The parent company, which may pay on the customer's behalf.
    public var parentID: CustomerID?
    /// The person who owns the relationship (key accounts get call tasks for them).
    public var accountOwner: String?
    /// The customer's IANA time zone (`Europe/Berlin`): messages go out within the policy's send
    /// hours there. `nil` means the company's.
    public var timeZone: String?
    /// The language messages to the customer are written in (ISO 639-1, optionally with a
    /// region: `de`, `fr-CA`); `nil` is English. See ``CustomerLanguage``.
    public var language: String?

    public init(
        id: CustomerID, name: String, email: String? = nil, phone: String? = nil,
        paymentTermsDays: Int? = nil, creditLimit: Money? = nil, currency: Currency? = nil,
        isKeyAccount: Bool = false, annualRevenue: Money? = nil, parentID: CustomerID? = nil, accountOwner: String? = nil,
        timeZone: String? = nil, language: String? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.phone = phone
        self.paymentTermsDays = paymentTermsDays
        self.creditLimit = creditLimit
        self.currency = currency
        self.isKeyAccount = isKeyAccount
        self.annualRevenue = annualRevenue
        self.parentID = parentID
        self.accountOwner = accountOwner
        self.timeZone = timeZone
        self.language = language
    }
}
