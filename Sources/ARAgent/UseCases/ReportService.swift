import ARCore

/// The Phase-1 summary a controller reads first: where cash is stuck, with whom, how much of
/// it is disputed, who habitually pays late, and the largest items past due.
public struct BaselineReport: Sendable {
    public var aging: AgingReport
    public var topCustomers: [CustomerAging]
    public var disputes: [DisputeSummary]
    public var behaviour: [CustomerID: PaymentBehaviour]
    public var largestOverdue: [Invoice]
    public var customerNames: [CustomerID: String]
    /// Customers with the worst payment records (by average days late), for the "who pays late" table.
    public var latestPayers: [PaymentBehaviour]
}

/// Builds the reports from the store's aggregates and the core's formulas.
public struct ReportService: Sendable {
    public let store: any LedgerStore

    public init(store: any LedgerStore) { self.store = store }

    public func aging(asOf: CalendarDate, top: Int? = nil) async throws -> AgingReport {
        let report = try await store.agingReport(asOf: asOf)
        return top.map { report.top($0) } ?? report
    }

    public func metrics(from: CalendarDate, to: CalendarDate) async throws -> [ReceivablesMetrics] {
        try await store.metricsInputs(from: from, to: to).map(ReceivablesMetrics.init)
    }

    public func baseline(asOf: CalendarDate, top: Int = 20, largest: Int = 20) async throws -> BaselineReport {
        let aging = try await store.agingReport(asOf: asOf)
        let behaviour = try await store.paymentBehaviour(asOf: asOf)
        let byCustomer = Dictionary(uniqueKeysWithValues: behaviour.map { ($0.customerID, $0) })
        let overdue = try await store.largestOverdue(asOf: asOf, limit: largest)
        let names = Dictionary(aging.customers.map { ($0.customerID, $0.name) }, uniquingKeysWith: { first, _ in first })
        let latest = behaviour
            .filter { $0.settledCount >= 3 }
            .sorted { ($0.averageDaysLate ?? .init(value: 0), $1.customerID) > ($1.averageDaysLate ?? .init(value: 0), $0.customerID) }
        return BaselineReport(
            aging: aging, topCustomers: Array(aging.customers.prefix(top)),
            disputes: try await store.disputeSummary(asOf: asOf), behaviour: byCustomer,
            largestOverdue: overdue, customerNames: names, latestPayers: Array(latest.prefix(top))
        )
    }
}
