/// Quality figures of the classifier: accuracy, per-label precision and recall, the most common
/// confusions and promise-date exactness, for a test set or by k-fold cross-validation.
public struct ReplyEvaluation: Sendable {
    public struct Outcome: Sendable {
        public let reply: LabelledReply
        public let result: ReplyClassification
        public var correct: Bool { reply.label == result.label }
    }

    public let outcomes: [Outcome]

    public init(outcomes: [Outcome]) { self.outcomes = outcomes }

    /// Classifies every reply of `set` with `classifier`.
    public static func run(_ classifier: ReplyClassifier, on set: [LabelledReply]) -> ReplyEvaluation {
        ReplyEvaluation(outcomes: set.map { Outcome(reply: $0, result: classifier.classify(text: $0.text, messageDate: $0.messageDate)) })
    }

    /// k-fold cross-validation: the replies dealt into `folds` parts in a fixed shuffled order,
    /// each part classified by a model trained on the others.
    public static func crossValidate(_ corpus: [LabelledReply], folds: Int = 5, seed: UInt64 = 11) -> ReplyEvaluation {
        var order = Array(corpus.indices)
        var random = SplitMix(seed: seed)
        for index in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(index, Int(random.next() % UInt64(index + 1))) }
        var outcomes: [Outcome] = []
        for fold in 0..<folds {
            let test = order.enumerated().filter { $0.offset % folds == fold }.map { corpus[$0.element] }
            let train = order.enumerated().filter { $0.offset % folds != fold }.map { corpus[$0.element] }
            outcomes += run(ReplyClassifier(training: train), on: test).outcomes
        }
        return ReplyEvaluation(outcomes: outcomes)
    }

    public func only(language: String) -> ReplyEvaluation { ReplyEvaluation(outcomes: outcomes.filter { $0.reply.language == language }) }

    /// Correct labels in thousandths.
    public var accuracyPermille: Int { outcomes.isEmpty ? 0 : outcomes.filter(\.correct).count * 1000 / outcomes.count }

    /// Promises (by the reference label carrying a date) whose date was read exactly, in
    /// thousandths of those promises, and how many there were.
    public var promiseDateExactness: (permille: Int, count: Int) {
        let promises = outcomes.filter { $0.reply.promiseDate != nil }
        guard !promises.isEmpty else { return (0, 0) }
        let exact = promises.filter { PromiseDateReader.pick($0.result.dates, messageDate: $0.reply.messageDate) == $0.reply.promiseDate }.count
        return (exact * 1000 / promises.count, promises.count)
    }

    /// Promises whose label and date were both right, in thousandths of the promises.
    public var promiseEndToEndPermille: Int {
        let promises = outcomes.filter { $0.reply.promiseDate != nil }
        guard !promises.isEmpty else { return 0 }
        return promises.filter { $0.result.promiseDate == $0.reply.promiseDate }.count * 1000 / promises.count
    }

    public struct LabelFigures: Sendable {
        public let label: ReplyLabel
        public let support: Int
        public let precisionPermille: Int
        public let recallPermille: Int
    }

    public var perLabel: [LabelFigures] {
        ReplyLabel.allCases.map { label in
            let truePositive = outcomes.filter { $0.reply.label == label && $0.result.label == label }.count
            let predicted = outcomes.filter { $0.result.label == label }.count
            let actual = outcomes.filter { $0.reply.label == label }.count
            return LabelFigures(label: label, support: actual, precisionPermille: predicted == 0 ? 0 : truePositive * 1000 / predicted,
                                recallPermille: actual == 0 ? 0 : truePositive * 1000 / actual)
        }
    }

    /// (true label, predicted label, count), most frequent first.
    public func confusions(top: Int = 5) -> [(expected: ReplyLabel, predicted: ReplyLabel, count: Int)] {
        var counts: [ReplyLabel: [ReplyLabel: Int]] = [:]
        for outcome in outcomes where !outcome.correct { counts[outcome.reply.label, default: [:]][outcome.result.label, default: 0] += 1 }
        let pairs = counts.flatMap { expected, row in row.map { (expected: expected, predicted: $0.key, count: $0.value) } }
        return Array(pairs.sorted { $0.count != $1.count ? $0.count > $1.count : ($0.expected, $0.predicted) < ($1.expected, $1.predicted) }.prefix(top))
    }

    /// Accuracy by stated confidence, in bands of 100 permille: (band start, replies, correct).
    public var calibration: [(from: Int, count: Int, correct: Int)] {
        (0..<10).compactMap { band in
            let inBand = outcomes.filter { min($0.result.confidencePermille / 100, 9) == band }
            return inBand.isEmpty ? nil : (band * 100, inBand.count, inBand.filter(\.correct).count)
        }
    }

    /// A plain-text report: accuracy, promise dates, per-label figures, confusions, calibration.
    public func report(title: String) -> String {
        func pct(_ permille: Int) -> String { "\(permille / 10).\(permille % 10)%" }
        var lines = ["\(title): \(outcomes.count) replies, accuracy \(pct(accuracyPermille))"]
        let dates = promiseDateExactness
        lines.append("  promise dates exact: \(pct(dates.permille)) of \(dates.count) promises (label and date both right: \(pct(promiseEndToEndPermille)))")
        lines.append("  label                  support precision recall")
        for figure in perLabel where figure.support > 0 || figure.precisionPermille > 0 {
            let name = figure.label.rawValue.padding(toLength: 22)
            lines.append("  \(name) \(String(figure.support).leftPadded(7)) \(pct(figure.precisionPermille).leftPadded(9)) \(pct(figure.recallPermille).leftPadded(6))")
        }
        let confusions = confusions()
        if !confusions.isEmpty {
            lines.append("  top confusions (expected → predicted):")
            for pair in confusions { lines.append("    \(pair.expected) → \(pair.predicted): \(pair.count)") }
        }
        lines.append("  calibration (confidence band: replies, accuracy):")
        for band in calibration {
            lines.append("    \(band.from / 10)–\(band.from / 10 + 10)%: \(band.count), \(pct(band.correct * 1000 / band.count))")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String { count >= length ? self : self + String(repeating: " ", count: length - count) }
    fileprivate func leftPadded(_ length: Int) -> String { count >= length ? self : String(repeating: " ", count: length - count) + self }
}
