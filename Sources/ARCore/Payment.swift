/// Identifies one incoming payment (a bank transaction, a lockbox item, a historical receipt).
public struct PaymentID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: PaymentID, rhs: PaymentID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Money received: what the bank said about it, and (once identified) from which customer.
public struct Payment: Hashable, Sendable {
    public var id: PaymentID
    public var valueDate: CalendarDate
    public var amount: Money
    public var payerName: String?
    public var payerAccount: String?
    /// The free-text or structured remittance information: where invoice numbers hide.
    public var remittance: String?
    public var customerID: CustomerID?

    public init(
        id: PaymentID, valueDate: CalendarDate, amount: Money, payerName: String? = nil,
        payerAccount: String? = nil, remittance: String? = nil, customerID: CustomerID? = nil
    ) {
        self.id = id
        self.valueDate = valueDate
        self.amount = amount
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.remittance = remittance
        self.customerID = customerID
    }
}

/// Why an allocation settles less (or more) than the invoice's open amount.
public enum AdjustmentReason: String, Sendable, Hashable, CaseIterable {
    case bankFee = "bank_fee"
    case earlyPaymentDiscount = "early_payment_discount"
    case shortPayment = "short_payment"
    case writeOff = "write_off"
    case deduction = "deduction"
}

/// A part of a payment applied to an invoice. A payment may settle many invoices and an invoice
/// may be settled by many payments; what is not allocated stays visible as unapplied cash.
public struct Allocation: Hashable, Sendable {
    public var paymentID: PaymentID
    public var invoiceNumber: InvoiceNumber
    /// Cash applied to the invoice.
    public var amount: Money
    /// An amount written off or deducted on the same invoice (a fee, a discount taken), with why.
    public var adjustment: Money?
    public var adjustmentReason: AdjustmentReason?

    public init(
        paymentID: PaymentID, invoiceNumber: InvoiceNumber, amount: Money,
        adjustment: Money? = nil, adjustmentReason: AdjustmentReason? = nil
    ) {
        self.paymentID = paymentID
        self.invoiceNumber = invoiceNumber
        self.amount = amount
        self.adjustment = adjustment
        self.adjustmentReason = adjustmentReason
    }
}

extension Payment {
    /// What remains of the payment after the allocations: held on account as unapplied cash.
    /// Allocations plus unapplied always equal the payment (an invariant the tests check).
    public func unapplied(after allocations: [Allocation]) throws(MoneyOverflow) -> Money {
        var rest = amount
        for allocation in allocations where allocation.paymentID == id { rest = try rest.subtracting(allocation.amount) }
        return rest
    }
}
