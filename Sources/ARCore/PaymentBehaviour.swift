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
    /// Sum of the squares of the days late, for the spread.
    public private(set) var totalSquaredDaysLate: Int

    public init(customerID: CustomerID, settledCount: Int = 0, lateCount: Int = 0, totalDaysLate: Int = 0, totalSquaredDaysLate: Int = 0) {
        self.customerID = customerID
        self.settledCount = settledCount
        self.lateCount = lateCount
        self.totalDaysLate = totalDaysLate
        self.totalSquaredDaysLate = totalSquaredDaysLate
    }

    public mutating func record(settled invoice: Invoice) {
        guard let daysLate = invoice.daysLate else { return }
        settledCount += 1
        if daysLate > 0 {
            lateCount += 1
            totalDaysLate += daysLate
            totalSquaredDaysLate += daysLate * daysLate
        }
    }

    /// Mean days late over all settled invoices, an on-time payment counting as zero.
    public var averageDaysLate: Hundredths? {
        Hundredths.rounded(Int128(totalDaysLate), over: Int128(settledCount))
    }

    /// The spread of days late (population standard deviation, on-time payments counting as
    /// zero): a customer always 10 days late is predictable; one 0 or 60 days late is not.
    /// Computed in integers: the square root of the variance in ten-thousandths, rounded down.
    public var daysLateSpread: Hundredths? {
        guard settledCount > 0 else { return nil }
        let n = Int128(settledCount), sum = Int128(totalDaysLate), squares = Int128(totalSquaredDaysLate)
        // Variance × 10,000 = (n·Σx² − (Σx)²) × 10,000 / n².
        let scaledVariance = (n * squares - sum * sum) * 10_000 / (n * n)
        guard scaledVariance > 0 else { return Hundredths(value: 0) }
        var root = scaledVariance, previous: Int128 = 0
        // Newton's method on integers converges to the floor of the square root.
        while root != previous {
            previous = root
            root = (root + scaledVariance / root) / 2
            if root > previous { root = previous; break }
        }
        return Hundredths(value: Int64(root))
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
