/// The figures a store aggregates from the ledger for one currency and period, from which the
/// AR metrics follow by the formulas of CONTRACTS.md. Kept apart from the formulas so that the
/// formulas can be tested on published worked examples without a ledger.
public struct MetricsInput: Hashable, Sendable {
    public var currency: Currency
    public var from: CalendarDate
    public var to: CalendarDate
    /// Invoices issued in [from, to], in minor units.
    public var sales: Int64
    /// Open at the end of the day before `from`.
    public var arBegin: Int64
    /// Open at the end of `to`.
    public var arEnd: Int64
    /// The part of `arEnd` not yet due on `to` (due on or after it).
    public var arEndCurrent: Int64
    /// Sales by calendar month (keyed by the month's first day) for months up to the one holding
    /// `to`, that month counted only up to `to`. Used by the countback DSO.
    public var salesByMonth: [CalendarDate: Int64]

    public init(
        currency: Currency, from: CalendarDate, to: CalendarDate, sales: Int64, arBegin: Int64,
        arEnd: Int64, arEndCurrent: Int64, salesByMonth: [CalendarDate: Int64]
    ) {
        self.currency = currency
        self.from = from
        self.to = to
        self.sales = sales
        self.arBegin = arBegin
        self.arEnd = arEnd
        self.arEndCurrent = arEndCurrent
        self.salesByMonth = salesByMonth
    }

    /// Aggregates the inputs straight from invoices: the reference definition the store's SQL is tested against.
    public static func compute(
        invoices: some Sequence<Invoice>, currency: Currency, from: CalendarDate, to: CalendarDate
    ) throws(MoneyOverflow) -> MetricsInput {
        let dayBefore = from.advanced(by: -1)
        var input = MetricsInput(currency: currency, from: from, to: to, sales: 0, arBegin: 0, arEnd: 0,
                                 arEndCurrent: 0, salesByMonth: [:])
        for invoice in invoices where invoice.currency == currency {
            let amount = invoice.amount.minorUnits
            if invoice.issueDate >= from && invoice.issueDate <= to { input.sales = try input.sales.checkedAdding(amount, currency: currency) }
            if invoice.issueDate <= to {
                input.salesByMonth[invoice.issueDate.startOfMonth] = try (input.salesByMonth[invoice.issueDate.startOfMonth] ?? 0).checkedAdding(amount, currency: currency)
            }
            input.arBegin = try input.arBegin.checkedAdding(invoice.outstanding(atEndOf: dayBefore), currency: currency)
            let open = invoice.outstanding(atEndOf: to)
            input.arEnd = try input.arEnd.checkedAdding(open, currency: currency)
            if invoice.dueDate >= to { input.arEndCurrent = try input.arEndCurrent.checkedAdding(open, currency: currency) }
        }
        return input
    }
}

/// DSO and its companions for one currency and period. `nil` where a formula divides by zero
/// (no sales in the period), so a report shows "n/a" rather than a made-up number.
public struct ReceivablesMetrics: Hashable, Sendable {
    public let input: MetricsInput
    public let days: Int
    public let dso: Hundredths?
    public let countbackDSO: Hundredths?
    public let bestPossibleDSO: Hundredths?
    public let averageDaysDelinquent: Hundredths?
    public let collectionEffectivenessIndex: Hundredths?

    public init(_ input: MetricsInput) {
        self.input = input
        let days = input.to.days(since: input.from) + 1
        self.days = days
        let sales = Int128(input.sales)
        let d = Int128(days)
        // DSO = AR / sales × days.
        dso = Hundredths.rounded(Int128(input.arEnd) * d, over: sales)
        bestPossibleDSO = Hundredths.rounded(Int128(input.arEndCurrent) * d, over: sales)
        // Computed from the exact difference, then rounded once.
        averageDaysDelinquent = Hundredths.rounded((Int128(input.arEnd) - Int128(input.arEndCurrent)) * d, over: sales)
        // CEI = (begin + sales − end) / (begin + sales − current end) × 100.
        let collected = Int128(input.arBegin) + sales - Int128(input.arEnd)
        let collectible = Int128(input.arBegin) + sales - Int128(input.arEndCurrent)
        collectionEffectivenessIndex = Hundredths.rounded(collected * 100, over: collectible)
        countbackDSO = ReceivablesMetrics.countback(arEnd: input.arEnd, to: input.to, salesByMonth: input.salesByMonth)
    }

    /// Countback DSO over calendar months: walk back month by month from the period's end. The
    /// month holding `to` counts from its first day to `to`. Ends at the earliest month with
    /// sales: the receivable cannot be older than the ledger.
    public static func countback(arEnd: Int64, to: CalendarDate, salesByMonth: [CalendarDate: Int64]) -> Hundredths? {
        guard let earliest = salesByMonth.keys.min() else { return arEnd > 0 ? nil : Hundredths(value: 0) }
        var periods: [(days: Int, sales: Int64)] = []
        var monthStart = to.startOfMonth
        var monthEnd = to
        while monthStart >= earliest {
            periods.append((monthEnd.days(since: monthStart) + 1, salesByMonth[monthStart] ?? 0))
            monthEnd = monthStart.advanced(by: -1)
            monthStart = monthEnd.startOfMonth
        }
        return countback(arEnd: arEnd, periods: periods)
    }

    /// Countback DSO over periods given most recent first: the receivable is used up against
    /// each period's sales; whole periods add their days, and the period where it runs out adds
    /// its days in proportion to what was left (days × remaining / sales), rounded once.
    public static func countback(arEnd: Int64, periods: [(days: Int, sales: Int64)]) -> Hundredths? {
        guard arEnd > 0 else { return Hundredths(value: 0) }
        var remaining = Int128(arEnd)
        var wholeDays: Int128 = 0
        for period in periods {
            let sales = Int128(period.sales)
            if remaining <= sales {
                return Hundredths.rounded(wholeDays * sales + Int128(period.days) * remaining, over: sales)
            }
            remaining -= sales
            wholeDays += Int128(period.days)
        }
        // More receivable than sales on record (open amounts larger than invoiced): report the days walked.
        return Hundredths(value: Int64(wholeDays * 100))
    }
}
