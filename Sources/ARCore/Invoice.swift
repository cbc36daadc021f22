/// An invoice number as printed on the invoice; unique across the ledger.
public struct InvoiceNumber: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: InvoiceNumber, rhs: InvoiceNumber) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where an invoice stands. Derived from its amounts and dates, never set by hand, so that it
/// cannot disagree with them.
public enum InvoiceStatus: String, Sendable, Hashable, CaseIterable {
    /// Something is still owed.
    case open
    /// Settled in full.
    case paid
}

/// A receivable: what a customer owes, since when, and until when.
public struct Invoice: Hashable, Sendable {
    public var number: InvoiceNumber
    public var customerID: CustomerID
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate
    public var amount: Money
    /// What is still owed today. Equals `amount` minus payments and credits applied.
    public var openAmount: Money
    public var poNumber: String?
    /// The day a settled invoice was paid in full; `nil` while anything is open.
    public var paidDate: CalendarDate?
    /// A disputed invoice is never chased until the dispute is resolved.
    public var isDisputed: Bool

    public init(
        number: InvoiceNumber, customerID: CustomerID, issueDate: CalendarDate, dueDate: CalendarDate,
        amount: Money, openAmount: Money? = nil, poNumber: String? = nil, paidDate: CalendarDate? = nil,
        isDisputed: Bool = false
    ) {
        self.number = number
        self.customerID = customerID
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.amount = amount
        self.openAmount = openAmount ?? amount
        self.poNumber = poNumber
        self.paidDate = paidDate
        self.isDisputed = isDisputed
    }

    public var currency: Currency { amount.currency }

    public var status: InvoiceStatus {
        paidDate != nil || openAmount.minorUnits == 0 ? .paid : .open
    }

    /// What was outstanding at the end of `date` (CONTRACTS.md): nothing before the invoice was
    /// issued or once it was paid; the full amount if it was paid later (the ledger does not know
    /// the partial payments before that day); the open amount if it is still unpaid.
    public func outstanding(atEndOf date: CalendarDate) -> Int64 {
        guard issueDate <= date else { return 0 }
        if let paidDate {
            return paidDate <= date ? 0 : amount.minorUnits
        }
        return openAmount.minorUnits
    }

    /// Days past due on `date`: zero or less while not yet due.
    public func daysPastDue(on date: CalendarDate) -> Int { date.days(since: dueDate) }

    /// Days between the due date and the payment, for a settled invoice: negative when paid early.
    public var daysLate: Int? { paidDate.map { $0.days(since: dueDate) } }
}
