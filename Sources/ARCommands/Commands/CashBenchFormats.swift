import ARAgent
import ARBankFormats
import ARCore

/// The per-format part of `bench cash`: the world's credits written as each statement rendering
/// (CSV, camt.053, BAI2, MT940, and the free-text form of each), read back with the product's
/// parsers and matched by the same service `cash-apply` runs, then scored against the same answers.
enum CashBenchFormats {
    static func report(_ world: BenchWorld, direct: CashApplicationScore, renderings: [StatementRendering], policy: MatchingPolicy,
                       asOf: CalendarDate, console: Console) throws {
        var scores: [(name: String, score: CashApplicationScore)] = [("generated", direct)]
        for rendering in renderings {
            let (text, ids) = rendering.render(world.payments, asOf: asOf)
            let payments = try StatementRendering.readBack(Array(text.utf8), ids: ids)
            let decisions = try CashApplicationService(policy: policy).apply(customers: world.customers, invoices: world.invoices,
                                                           history: world.history, payments: payments)
            scores.append((rendering.rawValue, CashApplicationScore(decisions: decisions, truth: world.truth)))
        }
        console.out("\(world.name) set per statement format (generated: the credits as generated, matched in memory; the others: written, read back and matched):")
        console.out(summaryTable(scores, world))
        console.out("\(world.name) set per pattern and format: share of the pattern's lines posted automatically and right, and (wN) N posted wrong:")
        console.out(matrix(scores))
    }

    static func percent(_ value: Hundredths?) -> String { value.map { "\($0)%" } ?? "n/a" }

    /// The lines of the not-postable patterns, and how many of them were posted.
    static func notPostable(_ world: BenchWorld, _ score: CashApplicationScore) -> (lines: Int, posted: Int) {
        world.notPostable.reduce((0, 0)) { sum, pattern in
            let stats = score.byPattern[pattern]
            return (sum.0 + (stats?.count ?? 0), sum.1 + (stats?.wrong ?? 0))
        }
    }

    static func summaryTable(_ scores: [(name: String, score: CashApplicationScore)], _ world: BenchWorld) -> String {
        var columns: [(String, TextTable.Alignment)] = [("format", .left), ("customer payments", .right), ("auto and right", .right), ("auto", .right),
                                                        ("precision", .right), ("review", .right), ("right among suggestions", .right),
                                                        ("non-customer", .right), ("non-customer posted", .right)]
        if !world.notPostable.isEmpty { columns += [("not postable now", .right), ("not postable posted", .right)] }
        var table = TextTable(columns)
        for (name, score) in scores {
            let held = notPostable(world, score)
            var row = [name, String(score.customerPayments), percent(score.autoRightRate), String(score.autoApplied), percent(score.precision),
                       String(score.notAuto), percent(score.reviewCoverage), String(score.nonCustomer - held.lines),
                       String(score.nonCustomerAutoApplied - held.posted)]
            if !world.notPostable.isEmpty { row += [String(held.lines), String(held.posted)] }
            table.add(row)
        }
        return table.rendered()
    }

    static func matrix(_ scores: [(name: String, score: CashApplicationScore)]) -> String {
        var patterns = Set<String>()
        for (_, score) in scores { patterns.formUnion(score.byPattern.keys) }
        var table = TextTable([("pattern", .left), ("lines", .right)] + scores.map { ($0.name, TextTable.Alignment.right) })
        for pattern in patterns.sorted() {
            let lines = scores.first?.score.byPattern[pattern]?.count ?? 0
            var row = [pattern, String(lines)]
            for (_, score) in scores {
                guard let stats = score.byPattern[pattern], stats.count > 0 else { row.append("-"); continue }
                let share = Hundredths.rounded(Int128(stats.autoRight) * 100, over: Int128(stats.count))
                let cell = stats.autoRight == 0 ? "0" : (share.map { "\($0)" } ?? "-")
                row.append(cell + (stats.wrong > 0 ? " w\(stats.wrong)" : ""))
            }
            table.add(row)
        }
        return table.rendered()
    }
}
