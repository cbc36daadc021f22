import ARCore

/// One month of the dashboard's trend charts: the AR metrics of that month, by currency.
public struct MonthMetrics: Sendable {
    public var month: CalendarDate
    public var metrics: [ReceivablesMetrics]
}

/// What the dashboard shows, gathered in one place so that the page only lays it out.
public struct Dashboard: Sendable {
    public var asOf: CalendarDate
    /// The currency the charts are drawn in: the one with the most money open.
    public var currency: Currency?
    public var aging: AgingReport
    /// Twelve months, oldest first, the last one ending today.
    public var months: [MonthMetrics]
    public var top: [CustomerAging]
    public var cash: CashPosition
    public var approvalsWaiting: Int
    public var promisesDue: [PromiseRecord]
    public var promisesBroken: Int
    /// Open disputes by how long they have been open.
    public var disputesByAge: [(label: String, count: Int)]
    /// Customers with overdue money who got a message in the last ``WorkbenchService/contactWindowDays`` days.
    public var contacted: Int
    public var customersOverdue: Int

    public var contactRatePercent: Hundredths? { Hundredths.rounded(Int128(contacted) * 100, over: Int128(customersOverdue)) }
}

/// The workbench's read-side use cases: the dashboard and the worklist, from the same ports the
/// CLI's reports use.
public struct WorkbenchService: Sendable {
    public let store: any WorkbenchLedger

    /// How many months the trend charts cover.
    public static let trendMonths = 12
    /// How far back a message counts as contact, for the contact rate.
    public static let contactWindowDays = 30
    /// How many customers the dashboard lists by balance.
    public static let topCustomers = 20
    /// The age bands of open disputes, in days (upper bounds; the last is open-ended).
    public static let disputeAgeBands = [7, 30, 90]

    public init(store: any WorkbenchLedger) { self.store = store }

    public func dashboard(asOf: CalendarDate) async throws -> Dashboard {
        let aging = try await store.agingReport(asOf: asOf)
        let currency = aging.totals.max { ($0.totalMinorUnits, $1.currency.code) < ($1.totalMinorUnits, $0.currency.code) }?.currency
        var months: [MonthMetrics] = []
        for back in stride(from: Self.trendMonths - 1, through: 0, by: -1) {
            let start = asOf.startOfMonth.adding(months: -back)
            let end = back == 0 ? asOf : start.adding(months: 1).advanced(by: -1)
            months.append(MonthMetrics(month: start, metrics: try await ReportService(store: store).metrics(from: start, to: end)))
        }
        let top = Array(aging.customers.filter { $0.row.currency == currency }
            .sorted { ($0.row.totalMinorUnits, $1.customerID.rawValue) > ($1.row.totalMinorUnits, $0.customerID.rawValue) }
            .prefix(Self.topCustomers))
        let open = try await store.promises(status: .open)
        let broken = try await store.promises(status: .broken)
        let disputes = try await store.disputes(status: .open)
        var bands = Array(repeating: 0, count: Self.disputeAgeBands.count + 1)
        for dispute in disputes {
            let opened = CalendarDate(iso: String(dispute.openedAt.prefix(10))) ?? asOf
            let age = asOf.days(since: opened)
            bands[Self.disputeAgeBands.firstIndex { age <= $0 } ?? Self.disputeAgeBands.count] += 1
        }
        var labels: [String] = []
        var lower = 0
        for upper in Self.disputeAgeBands {
            labels.append("\(lower)–\(upper) days")
            lower = upper + 1
        }
        labels.append("over \(Self.disputeAgeBands.last ?? 0) days")
        let overdue = Set(aging.customers.filter { $0.row.overdueMinorUnits > 0 }.map(\.customerID))
        let contacted = try await store.contactedCustomers(since: asOf.advanced(by: -Self.contactWindowDays)).intersection(overdue)
        return Dashboard(asOf: asOf, currency: currency, aging: aging, months: months, top: top, cash: try await store.cashPosition(),
                         approvalsWaiting: try await store.actionCounts()[.proposed] ?? 0,
                         promisesDue: open.filter { $0.promisedDate <= asOf }.sorted { $0.promisedDate < $1.promisedDate },
                         promisesBroken: broken.count, disputesByAge: Array(zip(labels, bands)).map { (label: $0.0, count: $0.1) },
                         contacted: contacted.count, customersOverdue: overdue.count)
    }

    /// The worklist, ranked (``Worklist``), with the customers and profiles it was ranked from.
    public func worklist(asOf: CalendarDate) async throws -> [WorklistEntry] {
        let aging = try await store.agingReport(asOf: asOf)
        let overdue = Set(aging.customers.filter { $0.row.overdueMinorUnits > 0 }.map(\.customerID))
        let customers = try await store.customers(ids: overdue)
        let behaviour = try await store.paymentBehaviour(asOf: asOf)
        var broken: [CustomerID: Int] = [:], kept: [CustomerID: Int] = [:]
        for promise in try await store.promises(status: .broken) { broken[promise.customerID, default: 0] += 1 }
        for promise in try await store.promises(status: .kept) { kept[promise.customerID, default: 0] += 1 }
        var profiles: [CustomerID: CustomerProfile] = [:]
        for entry in behaviour where overdue.contains(entry.customerID) {
            profiles[entry.customerID] = CustomerProfile(customerID: entry.customerID, behaviour: entry, promisesKept: kept[entry.customerID] ?? 0,
                                                         promisesBroken: broken[entry.customerID] ?? 0)
        }
        for id in overdue where profiles[id] == nil && broken[id] != nil {
            profiles[id] = CustomerProfile(customerID: id, behaviour: PaymentBehaviour(customerID: id), promisesKept: kept[id] ?? 0, promisesBroken: broken[id] ?? 0)
        }
        return Worklist.rank(aging: aging, customers: customers, profiles: profiles)
    }
}
