/// What ARAgent understands of one customer reply.
public struct ReplyClassification: Sendable, Hashable {
    public struct Guess: Sendable, Hashable {
        public let label: ReplyLabel
        /// 0…1000.
        public let permille: Int
    }

    public let label: ReplyLabel
    /// How sure the classifier is of ``label``, in thousandths (0…1000).
    public let confidencePermille: Int
    /// The best ``ReplyClassifier/guessCount`` labels, best first (the first is ``label``):
    /// what a person picks from when ``needsReview``.
    public let guesses: [Guess]
    /// The date the reply commits to paying by, for a promise or a payment plan's first instalment.
    public let promiseDate: CalendarDate?
    /// Every date the reply names, read relative to the message date.
    public let dates: [PromiseDateReader.Mention]
    public let facts: ReplyFacts

    public var needsReview: Bool { confidencePermille < ReplyClassifier.reviewThresholdPermille }
}

/// Classifies replies to payment reminders (see ``ReplyLabel``): a linear model trained on the
/// shipped corpus (``ReplyCorpus``), plus ``ReplyRules``, plus ``PromiseDateReader``.
public struct ReplyClassifier: Sendable {
    /// Below this confidence a person confirms the label before the agent acts on it. On the
    /// held-out set, labels stated at 60% or more were right 97–100% of the time, those below
    /// it about 80% or less: too often wrong to act on unseen (a dispute treated as a promise).
    public static let reviewThresholdPermille = 600

    /// How many labels a reply's ``ReplyClassification/guesses`` lists.
    public static let guessCount = 3

    public let model: ReplyModel

    public init(training corpus: [LabelledReply]) {
        model = ReplyModel(training: corpus.map { ReplyModel.Example(features: ReplyClassifier.features(of: $0.text), label: $0.label) })
    }

    /// Trained on the whole shipped corpus the first time it is used, then shared. Measured on
    /// the 2-core machine: 1.7–1.9 s in a release build, about 8 s in a debug build (more than
    /// the sub-second this should take; featurising the corpus is the cost to cut next).
    public static let standard = ReplyClassifier(training: ReplyCorpus.all)

    static func features(of text: String) -> [ReplyFeatures.Feature] {
        ReplyFeatures.of(ReplyTokenizer.tokens(ReplyText.folded(ReplyBody.visible(text))))
    }

    /// A promise's date; a payment plan's only when a payment word leads to it ("the first
    /// instalment on Friday", "ab dem 15.11."), because a plan names dates it merely hopes for
    /// ("half now, half next month").
    static func promiseDate(label: ReplyLabel, dates: [PromiseDateReader.Mention], messageDate: CalendarDate) -> CalendarDate? {
        switch label {
        case .promiseToPay: PromiseDateReader.pick(dates, messageDate: messageDate)
        case .paymentPlanRequest: PromiseDateReader.pick(dates.filter { $0.cue > 0 }, messageDate: messageDate)
        default: nil
        }
    }

    /// Only this many characters of a reply are read. A reply is a few lines; what follows in a
    /// huge message (a pasted statement, a long forwarded thread) does not change its label,
    /// and reading it all would make one message cost seconds.
    public static let maximumReadCharacters = 20_000

    public func classify(text: String, subject: String? = nil, messageDate: CalendarDate) -> ReplyClassification {
        let visible = ReplyBody.visible(text.utf8.count > Self.maximumReadCharacters ? String(text.prefix(Self.maximumReadCharacters)) : text)
        let folded = ReplyText.folded(visible)
        let tokens = ReplyTokenizer.tokens(folded)
        let features = ReplyFeatures.of(tokens)
        var scores = model.scores(features)
        let boosts = ReplyRules.boosts(visibleFolded: folded, subjectFolded: subject.map { ReplyText.folded($0) })
        for index in scores.indices { scores[index] += boosts[index] * model.scoreScale / 1000 }
        if !tokens.contains(where: { $0.kind == .word }) {
            // Nothing to read (empty, only emoji or numbers): "other", as sure as the scores say.
            scores[ReplyLabel.other.index] = (scores.max() ?? 0) + model.scoreScale / 2
        }
        let probabilities = ReplyConfidence.probabilities(scores, scale: model.scoreScale)
        let ranked = ReplyLabel.allCases.indices.sorted { a, b in
            probabilities[a] != probabilities[b] ? probabilities[a] > probabilities[b] : (scores[a] != scores[b] ? scores[a] > scores[b] : a > b)
        }
        let label = ReplyLabel.allCases[ranked[0]]
        let dates = PromiseDateReader.mentions(in: tokens, messageDate: messageDate, german: ReplyLanguage.isGerman(tokens))
        return ReplyClassification(
            label: label,
            confidencePermille: probabilities[ranked[0]],
            guesses: ranked.prefix(Self.guessCount).map { ReplyClassification.Guess(label: ReplyLabel.allCases[$0], permille: probabilities[$0]) },
            promiseDate: Self.promiseDate(label: label, dates: dates, messageDate: messageDate),
            dates: dates,
            facts: ReplyFacts.of(visible))
    }
}
