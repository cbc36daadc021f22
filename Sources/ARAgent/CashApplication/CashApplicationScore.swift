import ARCore

/// How well cash application did against known right answers: the figures issue 3 sets bars for.
public struct CashApplicationScore: Sendable {
    public var customerPayments = 0
    public var autoApplied = 0
    public var autoCorrect = 0
    public var nonCustomer = 0
    public var nonCustomerAutoApplied = 0
    public var notAuto = 0
    public var notAutoWithRightSuggestion = 0
    /// Pattern → (payments, auto and right).
    public var byPattern: [String: (count: Int, autoRight: Int, wrong: Int)] = [:]
    /// A few wrong automatic applications, for inspection.
    public var wrongExamples: [String] = []
    /// A few payments left for review without the right answer among the suggestions.
    public var missedExamples: [String] = []
    /// Confidence band → (decisions whose best explanation fell in it, of them right): whether a
    /// confidence means what it says. A non-customer credit with any explanation counts as wrong;
    /// a line that must be reviewed counts as wrong in every band.
    public var calibration: [CalibrationBand: (count: Int, right: Int)] = [:]

    /// Bands of per-mille confidence, narrower near the threshold where the choice is made.
    public struct CalibrationBand: Hashable, Comparable, Sendable, CustomStringConvertible {
        public static let lowerBounds = [0, 500, 700, 800, 850, 880, 900, 920, 940, 960, 980, 1000]
        public let lower: Int
        public init(confidence: Int) { lower = Self.lowerBounds.last { $0 <= confidence } ?? 0 }
        public var upper: Int { Self.lowerBounds.first { $0 > lower } ?? 1001 }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.lower < rhs.lower }
        public var description: String {
            upper > 1000 ? "1.000" : "\(MoneyFormat.decimalString(minorUnits: Int64(lower), digits: 3))-\(MoneyFormat.decimalString(minorUnits: Int64(upper - 1), digits: 3))"
        }
    }

    public init(decisions: [MatchDecision], truth: [PaymentID: CashApplicationWorld.Truth]) {
        for decision in decisions {
            guard let expected = truth[decision.payment.id] else { continue }
            var stats = byPattern[expected.pattern] ?? (0, 0, 0)
            stats.count += 1
            if let best = decision.proposals.first {
                let band = CalibrationBand(confidence: best.confidence)
                var cell = calibration[band] ?? (0, 0)
                cell.count += 1
                if expected.isCustomerPayment && !expected.requiresReview && Self.matches(best, expected) { cell.right += 1 }
                calibration[band] = cell
            }
            if !expected.isCustomerPayment {
                nonCustomer += 1
                if decision.outcome == .auto { nonCustomerAutoApplied += 1; stats.wrong += 1 }
                byPattern[expected.pattern] = stats
                continue
            }
            customerPayments += 1
            let matches = { (proposal: MatchProposal) -> Bool in Self.matches(proposal, expected) }
            if decision.outcome == .auto, let applied = decision.applied {
                autoApplied += 1
                if matches(applied) && !expected.requiresReview {
                    autoCorrect += 1
                    stats.autoRight += 1
                } else {
                    stats.wrong += 1
                    if wrongExamples.count < 10 {
                        wrongExamples.append("\(decision.payment.id) [\(expected.pattern)] posted \(applied.allocations.map { "\($0.invoice)=\($0.amount.decimalString)" }) expected \(expected.allocations.map { "\($0.key)=\(MoneyFormat.decimalString(minorUnits: $0.value, digits: 2))" }): \(applied.reasons.joined(separator: "; "))")
                    }
                }
            } else {
                notAuto += 1
                if decision.proposals.contains(where: matches) {
                    notAutoWithRightSuggestion += 1
                } else if missedExamples.count < 10 {
                    let p = decision.payment
                    missedExamples.append("\(p.id) [\(expected.pattern)] \(p.amount) '\(p.payerName ?? "")' '\(p.remittance ?? "")' expected \(expected.allocations.map { "\($0.key)=\(MoneyFormat.decimalString(minorUnits: $0.value, digits: 2))" }); \(decision.outcome.rawValue): \(decision.summary); suggested \(decision.proposals.prefix(3).map { $0.allocations.map { "\($0.invoice)=\($0.amount.decimalString)" } })")
                }
            }
            byPattern[expected.pattern] = stats
        }
    }

    static func matches(_ proposal: MatchProposal, _ expected: CashApplicationWorld.Truth) -> Bool {
        var applied: [InvoiceNumber: Int64] = [:]
        for allocation in proposal.allocations { applied[allocation.invoice, default: 0] += allocation.amount.minorUnits }
        return applied == expected.allocations
    }

    /// Share of customer payments applied automatically and exactly right, in hundredths of a percent.
    public var autoRightRate: Hundredths? { Hundredths.rounded(Int128(autoCorrect) * 100, over: Int128(customerPayments)) }
    /// Share of automatic applications that were right.
    public var precision: Hundredths? { Hundredths.rounded(Int128(autoCorrect) * 100, over: Int128(autoApplied)) }
    /// Share of the payments left for review whose right answer was among the suggestions.
    public var reviewCoverage: Hundredths? { Hundredths.rounded(Int128(notAutoWithRightSuggestion) * 100, over: Int128(notAuto)) }
}
