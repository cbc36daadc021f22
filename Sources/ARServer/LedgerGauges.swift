import ARAgent
import Metrics

/// The ledger's state as gauges, read when Prometheus scrapes `/metrics`: actions by status and
/// where cash application stands. Read at scrape time (two small grouped queries), so several
/// instances on one database all report the same truth and nothing drifts between scrapes.
enum LedgerGauges {
    static func update(_ services: ServerServices) async throws {
        let counts = try await services.ledger.actionCounts()
        for status in ActionStatus.allCases {
            Gauge(label: "aragent_actions", dimensions: [("status", status.rawValue)]).record(counts[status] ?? 0)
        }
        let cash = try await services.ledger.cashPosition()
        Gauge(label: "aragent_bank_lines_waiting", dimensions: [("status", "review")]).record(cash.waitingForReview)
        Gauge(label: "aragent_bank_lines_waiting", dimensions: [("status", "unmatched")]).record(cash.unmatched)
        Gauge(label: "aragent_bank_lines_applied", dimensions: [("by", "agent")]).record(cash.appliedAutomatically)
        Gauge(label: "aragent_bank_lines_applied", dimensions: [("by", "people")]).record(cash.appliedByPeople)
        // Hundredths of a percent as an integer gauge would read oddly; the percent, two decimals.
        if let rate = cash.autoRatePercent {
            Gauge(label: "aragent_cash_application_auto_rate_percent").record(Double(rate.value) / 100)
        }
    }
}
