/// How a customer has paid, from its settled invoices: the evidence behind "reliable" or
/// "chronically late", and the figures a controller reads in the baseline report.
public struct PaymentBehaviour: Hashable, Sendable {
    public let customerID: CustomerID
    /// Invoices settled on or before the as-of date.
    public private(set) var settledCount: Int
    /// Of those, paid after their due date.
    public private(set) var lateCount: Int
    /// Sum over settled invoices of the days paid after due (zero for those paid on time).
    public private(set) var totalDaysLate: Int

    public init(customerID: CustomerID, settledCount: Int = 0, lateCount: Int = 0, totalDaysLate: Int = 0) {
        self.customerID = customerID
        self.settledCount = settledCount
        self.lateCount = lateCount
        self.totalDaysLate = totalDaysLate
    }

    public mutating func record(settled invoice: Invoice) {
        guard let daysLate = invoice.daysLate else { return }
        settledCount += 1
        if daysLate > 0 {
            lateCount += 1
            totalDaysLate += daysLate
        }
    }

    /// Mean days late over all settled invoices, an on-time payment counting as zero.
    public var averageDaysLate: Hundredths? {
        Hundredths.rounded(Int128(totalDaysLate), over: Int128(settledCount))
    }

    /// Percentage of settled invoices paid after their due date.
    public var lateSharePercent: Hundredths? {
        Hundredths.rounded(Int128(lateCount) * 100, over: Int128(settledCount))
    }

    /// Behaviour of every customer with settled invoices, from invoices paid on or before `asOf`.
    public static func profiles(invoices: some Sequence<Invoice>, asOf: CalendarDate) -> [CustomerID: PaymentBehaviour] {
        var profiles: [CustomerID: PaymentBehaviour] = [:]
        for invoice in invoices {
            guard let paid = invoice.paidDate, paid <= asOf else { continue }
            profiles[invoice.customerID, default: PaymentBehaviour(customerID: invoice.customerID)].record(settled: invoice)
        }
        return profiles
    }
}

/// A past bank receipt and the invoices it was applied to: what cash application learns from.
public struct HistoricalReceipt: Hashable, Sendable {
    public var payment: Payment
    public var customerID: CustomerID
    public var invoiceNumbers: [InvoiceNumber]

    public init(payment: Payment, customerID: CustomerID, invoiceNumbers: [InvoiceNumber]) {
        self.payment = payment
        self.customerID = customerID
        self.invoiceNumbers = invoiceNumbers
    }
}
