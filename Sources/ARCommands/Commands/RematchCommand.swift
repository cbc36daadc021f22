import ARAgent
import ARCore
import ArgumentParser

/// `aragent rematch`: matches again the bank lines nobody has decided yet.
struct RematchCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "rematch",
        abstract: "Match again every bank line that is new, unmatched or in review (after new invoices or history arrived).",
        discussion: """
            Lines a person applied, split or rejected are never touched, and a line whose
            allocations a person reversed is only queued for review, never posted automatically.
            Lines left `new` by an interrupted `import statement` are matched too.
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Only lines with a value date on or after this day, YYYY-MM-DD.", valueName: "date")) var since: CalendarDate?
    @Option(help: "Confidence needed to post without review, 0-1 (default: the policy's, chosen on the calibration of `bench cash`).")
    var threshold: String = MoneyFormat.decimalString(minorUnits: Int64(MatchingPolicy.defaultAutoApplyThreshold), digits: 3)
    @Option(help: "table or json.") var format: ReportFormat = .table

    func execute(console: Console) async throws {
        guard let permille = try? MoneyFormat.parseMinorUnits(Array(threshold.utf8)[...], digits: 3), (0...1000).contains(permille) else {
            throw ValidationError("--threshold '\(threshold)' is not a number from 0 to 1, such as 0.9")
        }
        guard format != .csv else { throw ValidationError("--format csv is not offered by rematch; use table or json") }
        let since = self.since
        let report = try await database.withStore { store in
            try await StatementImportService(store: store, policy: MatchingPolicy(autoApplyThreshold: Int(permille)), actor: "agent")
                .rematch(since: since)
        }
        let applied = report.count([.applied, .partiallyApplied]), review = report.count([.review]), unmatched = report.count([.unmatched])
        if format == .json {
            console.out(JSONValue.object([
                ("since", since.map { .string($0.iso) } ?? .null),
                ("matched", .number(String(report.lines.count))), ("applied", .number(String(applied))),
                ("review", .number(String(review))), ("unmatched", .number(String(unmatched))), ("left_alone", .number(String(report.leftAlone))),
                ("transactions", .array(report.lines.map { line, recorded in
                    .object([("id", .number(String(line.id))), ("value_date", .string(line.line.payment.valueDate.iso)),
                             ("amount", .string(line.line.payment.amount.decimalString)), ("currency", .string(line.line.payment.amount.currency.code)),
                             ("from", recorded.from.map { .string($0.rawValue) } ?? .null), ("to", recorded.to.map { .string($0.rawValue) } ?? .null),
                             ("summary", .string(recorded.summary))])
                })),
            ]).rendered())
            return
        }
        var table = TextTable([("#", .right), ("Date", .left), ("Amount", .right), ("Cur", .left), ("Was", .left), ("Now", .left), ("Why", .left)])
        for (line, recorded) in report.lines {
            let payment = line.line.payment
            table.add([String(line.id), payment.valueDate.iso, payment.amount.decimalString, payment.amount.currency.code,
                       recorded.from?.rawValue ?? "", recorded.to?.rawValue ?? "(left alone)", String(recorded.summary.prefix(60))])
        }
        console.out((report.lines.isEmpty ? "" : table.rendered() + "\n")
            + "\(report.lines.count) line(s) matched again\(since.map { " (value date on or after \($0.iso))" } ?? ""): applied \(applied), for review \(review), unmatched \(unmatched), left alone \(report.leftAlone).")
    }
}
