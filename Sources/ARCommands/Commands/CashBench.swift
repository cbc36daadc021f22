import ARAgent
import ARBankFormats
import ARCore
import ArgumentParser
import Foundation

/// `aragent bench cash`: cash application on generated worlds with known answers: how fast,
/// and how often right (auto rate, precision, review coverage, per pattern and per statement
/// format), on the development set and on the independent test set.
struct CashBench: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "cash",
        abstract: "Measure cash application speed and quality on generated worlds with known answers (the development and the test set).")

    @Option(help: "Customers.") var customers: Int = 2_000
    @Option(help: "Open invoices.") var invoices: Int = 20_000
    @Option(help: "Statement lines (payments and other credits).") var payments: Int = 4_000
    @Option(help: "Random seed: a different seed is a world the matcher has not seen.") var seed: UInt64 = 1
    @Option(help: "Which world: dev (the development set the matcher is built on), test (the independent test set), or both.")
    var set: String = "both"
    @Flag(help: "Print up to ten wrong automatic applications.") var showWrong = false
    @Option(help: "Print every decision about this pattern (e.g. non_customer), for inspection.") var tracePattern: String?
    @Option(help: ArgumentHelp("Write the world as files here (customers, invoices, history, statement, truth) and measure the whole path from the files; with --set both, into dev/ and test/ below it.", valueName: "dir"))
    var files: String?
    @Option(help: "Statement format for --files: csv, camt053, bai2, mt940, or the free-text form of each (csv-text, camt053-text, bai2-text, mt940-text).")
    var format: String = "csv"
    @Option(help: "Statement renderings to score in memory beside the world as generated: all, none, or a comma-separated list (csv,bai2-text,…).")
    var formats: String = "all"
    @Flag(help: "The development world without issue 8's failure classes (free-text payers, partial lists, equal amounts, absurd overpayments).")
    var classic = false
    @Option(help: "Confidence needed to post without review, 0-1 (default: the policy's).") var threshold: String?

    func execute(console: Console) async throws {
        let sets: [String]
        switch set {
        case "dev", "test": sets = [set]
        case "both": sets = ["dev", "test"]
        default: throw ValidationError("--set must be dev, test or both, not '\(set)'")
        }
        guard let rendering = StatementRendering(rawValue: format) else {
            throw ValidationError("--format must be one of \(StatementRendering.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'")
        }
        let renderings = try Self.renderings(formats)
        for name in sets {
            let folder = files.map { sets.count > 1 ? ($0 as NSString).appendingPathComponent(name) : $0 }
            try run(name, folder: folder, rendering: rendering, renderings: files == nil ? renderings : [], console: console)
        }
    }

    static func renderings(_ list: String) throws -> [StatementRendering] {
        switch list {
        case "all": return StatementRendering.allCases
        case "none", "": return []
        default:
            return try list.split(separator: ",").map { name in
                guard let rendering = StatementRendering(rawValue: String(name)) else {
                    throw ValidationError("--formats: '\(name)' is not one of all, none, \(StatementRendering.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return rendering
            }
        }
    }

    func run(_ setName: String, folder files: String?, rendering: StatementRendering, renderings: [StatementRendering], console: Console) throws {
        let clock = ContinuousClock()
        let asOf = CalendarDate(year: 2026, month: 6, day: 30)!
        var started = clock.now
        var policy = MatchingPolicy()
        if let threshold {
            guard let permille = try? MoneyFormat.parseMinorUnits(Array(threshold.utf8)[...], digits: 3), (0...1000).contains(permille) else {
                throw ValidationError("--threshold '\(threshold)' is not a number from 0 to 1, such as 0.9")
            }
            policy.autoApplyThreshold = Int(permille)
        }
        let size = CashApplicationWorld.Size(customers: customers, openInvoices: invoices, payments: payments)
        let world = setName == "dev" ? BenchWorld(dev: CashApplicationWorld(seed: seed, size: size, asOf: asOf, hardCases: !classic))
            : BenchWorld(test: IndependentCashWorld(seed: seed, size: size, asOf: asOf))
        console.out("== \(setName == "dev" ? "development set (CashApplicationWorld)" : "test set (IndependentCashWorld)"), seed \(seed) ==")
        console.out("generated \(world.customers.count) customers, \(world.invoices.count) invoices, \(world.payments.count) statement lines in \(LedgerBench.seconds(clock.now - started))")
        var decisions: [MatchDecision]
        var indexed = Duration.zero, matched = Duration.zero
        if let files {
            let written = try CashWorldFiles.write(world, to: files, rendering: rendering, asOf: asOf)
            console.out("wrote the world to \(files) (statement \(written.statement), answers \(written.truth))")
            started = clock.now
            func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: (files as NSString).appendingPathComponent(name)))) }
            let options = ImportOptions()
            guard case .customers(let customers) = try ImportParser(kind: .customers, options: options).parse(bytes: try read("customers.csv"), file: "customers.csv").records,
                  case .invoices(let invoices, _) = try ImportParser(kind: .invoices, options: options).parse(bytes: try read("invoices.csv"), file: "invoices.csv").records,
                  case .history(let history) = try ImportParser(kind: .history, options: options).parse(bytes: try read("history.csv"), file: "history.csv").records
            else { throw ValidationError("the written files did not read back") }
            let statementBytes = Array(try Data(contentsOf: URL(fileURLWithPath: written.statement)))
            let statementPayments = try StatementRendering.readBack(statementBytes, ids: written.ids)
            indexed = clock.now - started
            console.out("\(LedgerBench.seconds(indexed))  read and validate the files (statement \(statementBytes.count / 1_000_000) MB, \(rendering.rawValue))")
            started = clock.now
            decisions = try CashApplicationService(policy: policy).apply(customers: customers, invoices: invoices, history: history, payments: statementPayments)
            matched = clock.now - started
        } else {
            started = clock.now
            var ledger = CashApplicationLedger(customers: world.customers, openInvoices: world.invoices,
                                               knowledge: PayerKnowledge(history: world.history))
            indexed = clock.now - started
            console.out("\(LedgerBench.seconds(indexed))  index the ledger and learn from \(world.history.count) past receipts")
            started = clock.now
            decisions = CashMatcher(policy: policy).apply(world.payments, to: &ledger)
            matched = clock.now - started
        }
        let score = CashApplicationScore(decisions: decisions, truth: world.truth)
        console.out("\(LedgerBench.seconds(matched))  \(files == nil ? "match" : "index, learn from history and match") \(decisions.count) statement lines")
        console.out("""
            customer payments: \(score.customerPayments); applied automatically and right: \(score.autoCorrect) (\(score.autoRightRate?.description ?? "n/a")%)
            automatic applications: \(score.autoApplied); right: \(score.precision?.description ?? "n/a")%
            left for review: \(score.notAuto); right answer among the suggestions: \(score.reviewCoverage?.description ?? "n/a")%
            non-customer credits: \(score.nonCustomer); applied automatically: \(score.nonCustomerAutoApplied)
            peak memory (max RSS): \(LedgerBench.peakResidentMegabytes()) MB
            """)
        if !world.notPostable.isEmpty {
            let (lines, posted) = CashBenchFormats.notPostable(world, score)
            console.out("of the non-customer credits, \(lines) are customer money not postable now (\(world.notPostable.sorted().joined(separator: ", "))): \(posted) of them applied automatically")
        }
        console.out(Self.patternTable("pattern", score))
        for grouping in world.groupings {
            console.out(Self.patternTable(grouping.name, CashApplicationScore(decisions: decisions, truth: grouping.truth)))
        }
        console.out("calibration (best explanation's confidence → share right; posted at \(MoneyFormat.decimalString(minorUnits: Int64(policy.autoApplyThreshold), digits: 3)) and above):")
        var calibration = TextTable([("confidence", .left), ("lines", .right), ("right", .right), ("share right", .right)])
        for (band, cell) in score.calibration.sorted(by: { $0.key < $1.key }) {
            calibration.add([band.description, String(cell.count), String(cell.right), Hundredths.rounded(Int128(cell.right) * 100, over: Int128(cell.count)).map { "\($0)%" } ?? "n/a"])
        }
        console.out(calibration.rendered())
        if showWrong {
            for example in score.wrongExamples { console.out("wrong: " + example) }
            for example in score.missedExamples { console.out("missed: " + example) }
        }
        if let tracePattern {
            for decision in decisions where world.truth[decision.payment.id]?.pattern == tracePattern {
                let p = decision.payment
                console.out("\(p.id) \(p.amount) '\(p.payerName ?? "")' '\(p.remittance ?? "")' → \(decision.outcome.rawValue): \(decision.summary)")
                for proposal in decision.proposals.prefix(2) {
                    console.out("    \(proposal.confidence) \(proposal.allocations.map { "\($0.invoice)=\($0.amount.decimalString)" }) \(proposal.reasons.joined(separator: "; "))")
                }
            }
        }
        if !renderings.isEmpty {
            try CashBenchFormats.report(world, direct: score, renderings: renderings, policy: policy, asOf: asOf, console: console)
        }
    }

    static func patternTable(_ title: String, _ score: CashApplicationScore) -> String {
        var table = TextTable([(title, .left), ("lines", .right), ("auto and right", .right), ("auto and wrong", .right)])
        for (pattern, stats) in score.byPattern.sorted(by: { $0.key < $1.key }) {
            table.add([pattern, String(stats.count), String(stats.autoRight), String(stats.wrong)])
        }
        return table.rendered()
    }
}
