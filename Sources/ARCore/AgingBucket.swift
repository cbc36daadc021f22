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
public struct AgingRow: Hashable, Sendable {
    public let currency: Currency
    public private(set) var buckets: [Int64]

    public init(currency: Currency, buckets: [Int64]? = nil) {
        self.currency = currency
        self.buckets = buckets ?? Array(repeating: 0, count: AgingBucket.allCases.count)
        precondition(self.buckets.count == AgingBucket.allCases.count, "one amount per bucket")
    }

    public subscript(bucket: AgingBucket) -> Money {
        Money(minorUnits: buckets[bucket.rawValue], currency: currency)
    }

    public var total: Money { Money(minorUnits: buckets.reduce(0, +), currency: currency) }

    /// The part that is past due (everything but `not_due`).
    public var overdue: Money { total - self[.notDue] }

    public mutating func add(_ minorUnits: Int64, to bucket: AgingBucket) {
        buckets[bucket.rawValue] += minorUnits
    }

    public mutating func add(_ other: AgingRow) {
        precondition(other.currency == currency, "adding \(other.currency) aging to \(currency)")
        for index in buckets.indices { buckets[index] += other.buckets[index] }
    }
}
