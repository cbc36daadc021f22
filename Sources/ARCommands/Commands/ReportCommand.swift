import ARAgent
import ARCore
import ArgumentParser

/// `aragent report aging|metrics|baseline`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports on the ledger: aging, AR metrics (DSO, CEI, …) and the Phase-1 baseline.",
        subcommands: [Aging.self, Metrics.self, Baseline.self]
    )

    struct Aging: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Open receivables by days past due, in total and per customer (largest first).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOptions
        @Option(help: "table, csv or json (CONTRACTS.md).") var format: ReportFormat = .table
        @Option(help: "Only the N customers with the largest balances.") var top: Int?

        func validate() throws {
            if let top, top < 1 { throw ValidationError("--top must be 1 or more") }
        }

        func execute(console: Console) async throws {
            let day = try asOf.resolved()
            let report = try await database.withStore { try await ReportService(store: $0).aging(asOf: day, top: top) }
            console.out(ReportRenderer.aging(report, format: format))
        }
    }

    struct Metrics: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "DSO, countback DSO, best possible DSO, average days delinquent and CEI per currency for a period.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("First day of the period, YYYY-MM-DD.", valueName: "date")) var from: CalendarDate
        @Option(help: ArgumentHelp("Last day of the period, YYYY-MM-DD.", valueName: "date")) var to: CalendarDate
        @Option(help: "table, csv or json (CONTRACTS.md).") var format: ReportFormat = .table

        func validate() throws {
            if to < from { throw ValidationError("--to \(to) is before --from \(from)") }
        }

        func execute(console: Console) async throws {
            let (from, to) = (self.from, self.to)
            let metrics = try await database.withStore { try await ReportService(store: $0).metrics(from: from, to: to) }
            console.out(ReportRenderer.metrics(metrics, from: from, to: to, format: format))
        }
    }

    struct Baseline: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "The Phase-1 baseline: aging, top customers with their payment record, disputed share, late payers, largest overdue items.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOptions
        @Option(help: "table, csv or json.") var format: ReportFormat = .table
        @Option(help: "How many customers and items each list shows.") var top: Int = 20

        func validate() throws {
            if top < 1 { throw ValidationError("--top must be 1 or more") }
        }

        func execute(console: Console) async throws {
            let day = try asOf.resolved()
            let top = self.top
            let report = try await database.withStore { try await ReportService(store: $0).baseline(asOf: day, top: top, largest: top) }
            console.out(BaselineRenderer.render(report, format: format))
        }
    }
}
