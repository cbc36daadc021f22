/// The aging buckets of CONTRACTS.md, by days past due on the as-of date.
public enum AgingBucket: Int, CaseIterable, Sendable, Hashable {
    case notDue, days1to30, days31to60, days61to90, days91to120, days120Plus

    /// The column name used in CSV and JSON reports.
    public var key: String {
        switch self {
        case .notDue: "not_due"
        case .days1to30: "d1_30"
        case .days31to60: "d31_60"
        case .days61to90: "d61_90"
        case .days91to120: "d91_120"
        case .days120Plus: "d120_plus"
        }
    }

    /// A short heading for terminal tables.
    public var title: String {
        switch self {
        case .notDue: "Not due"
        case .days1to30: "1-30"
        case .days31to60: "31-60"
        case .days61to90: "61-90"
        case .days91to120: "91-120"
        case .days120Plus: "120+"
        }
    }

    /// The most days past due an invoice in this bucket can have; `nil` for the open-ended last one.
    /// Stores use these bounds to bucket in SQL, so the definition lives here once.
    public var maximumDaysPastDue: Int? {
        switch self {
        case .notDue: 0
        case .days1to30: 30
        case .days31to60: 60
        case .days61to90: 90
        case .days91to120: 120
        case .days120Plus: nil
        }
    }

    public init(daysPastDue: Int) {
        self = AgingBucket.allCases.first { bucket in
            bucket.maximumDaysPastDue.map { daysPastDue <= $0 } ?? true
        } ?? .days120Plus
    }
}

/// Open receivables of one currency spread over the aging buckets, in minor units.
///
/// The total and the overdue part are kept as the buckets change, each addition checked, so a
/// row whose amounts would pass Int64 is a ``MoneyOverflow`` when it is built, and reading its
/// figures never can fail.
public struct AgingRow: Hashable, Sendable {
    public let currency: Currency
    public private(set) var buckets: [Int64]
    /// The sum of the buckets.
    public private(set) var totalMinorUnits: Int64
    /// The sum of the buckets past due (all but `not_due`).
    public private(set) var overdueMinorUnits: Int64

    public init(currency: Currency, buckets: [Int64]? = nil) throws(MoneyOverflow) {
        self.currency = currency
        self.buckets = buckets ?? Array(repeating: 0, count: AgingBucket.allCases.count)
        precondition(self.buckets.count == AgingBucket.allCases.count, "one amount per bucket")
        self.overdueMinorUnits = try self.buckets.dropFirst().checkedSum(currency: currency)
        self.totalMinorUnits = try self.buckets[0].checkedAdding(overdueMinorUnits, currency: currency)
    }

    /// An empty row: nothing can overflow.
    public static func empty(_ currency: Currency) -> AgingRow { AgingRow(emptyIn: currency) }

    private init(emptyIn currency: Currency) {
        self.currency = currency
        self.buckets = Array(repeating: 0, count: AgingBucket.allCases.count)
        self.totalMinorUnits = 0
        self.overdueMinorUnits = 0
    }

    public subscript(bucket: AgingBucket) -> Money {
        Money(minorUnits: buckets[bucket.rawValue], currency: currency)
    }

    public var total: Money { Money(minorUnits: totalMinorUnits, currency: currency) }

    /// The part that is past due (everything but `not_due`).
    public var overdue: Money { Money(minorUnits: overdueMinorUnits, currency: currency) }

    /// The sum of some buckets (`d61_plus`), checked.
    public func sum(of chosen: [AgingBucket]) throws(MoneyOverflow) -> Money {
        Money(minorUnits: try chosen.map { buckets[$0.rawValue] }.checkedSum(currency: currency), currency: currency)
    }

    public mutating func add(_ minorUnits: Int64, to bucket: AgingBucket) throws(MoneyOverflow) {
        let total = try totalMinorUnits.checkedAdding(minorUnits, currency: currency)
        let overdue = bucket == .notDue ? overdueMinorUnits : try overdueMinorUnits.checkedAdding(minorUnits, currency: currency)
        buckets[bucket.rawValue] = try buckets[bucket.rawValue].checkedAdding(minorUnits, currency: currency)
        totalMinorUnits = total
        overdueMinorUnits = overdue
    }

    public mutating func add(_ other: AgingRow) throws(MoneyOverflow) {
        precondition(other.currency == currency, "adding \(other.currency) aging to \(currency)")
        var sums = buckets
        for index in sums.indices { sums[index] = try sums[index].checkedAdding(other.buckets[index], currency: currency) }
        let total = try totalMinorUnits.checkedAdding(other.totalMinorUnits, currency: currency)
        overdueMinorUnits = try overdueMinorUnits.checkedAdding(other.overdueMinorUnits, currency: currency)
        totalMinorUnits = total
        buckets = sums
    }
}
