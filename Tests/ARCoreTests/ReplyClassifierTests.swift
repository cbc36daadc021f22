import ARCore
import Testing

/// The reply classifier: the shipped corpus, the held-out set's quality bars, robustness.
@Suite("Reply classifier")
struct ReplyClassifierTests {
    static let day = CalendarDate(iso: "2026-11-04")!

    @Test("The shipped corpus parses and covers every label in English and German")
    func corpus() {
        let corpus = ReplyCorpus.all
        for label in ReplyLabel.allCases {
            for language in ["en", "de"] {
                #expect(corpus.filter { $0.label == label && $0.language == language }.count >= 150, "\(label) \(language)")
            }
        }
    }

    /// Bars set below the first measurement on the held-out set (see README: measured figures),
    /// with a margin, so that a real regression fails the test.
    static let heldOutAccuracyBarPermille = 800
    static let heldOutPromiseDateBarPermille = 900

    @Test("Held-out set: accuracy and promise-date exactness per language")
    func heldOut() throws {
        let set = try LabelledReply.parse(lines: ReplyHeldOutSet.lines)
        #expect(set.count >= 480)
        let evaluation = ReplyEvaluation.run(ReplyClassifier.standard, on: set)
        for language in ["en", "de"] {
            let part = evaluation.only(language: language)
            print(part.report(title: "held-out, \(language)"))
            #expect(part.accuracyPermille >= Self.heldOutAccuracyBarPermille, "\(language) accuracy \(part.accuracyPermille)‰")
            #expect(part.promiseDateExactness.permille >= Self.heldOutPromiseDateBarPermille, "\(language) promise dates \(part.promiseDateExactness.permille)‰")
        }
    }

    @Test("Nothing to read: empty, emoji only, numbers only")
    func emptyReplies() {
        for text in ["", "   \n ", "👍🙏😊", "12345"] {
            let result = ReplyClassifier.standard.classify(text: text, messageDate: Self.day)
            #expect(result.label == .other, "\(text)")
            #expect(result.promiseDate == nil)
            #expect((0...1000).contains(result.confidencePermille))
        }
    }

    /// Speed is measured by `aragent bench classify`; the time limit here only catches a
    /// reader that is quadratic in the text (which would take far longer than a minute).
    @Test("A huge reply is classified", .timeLimit(.minutes(1)))
    func hugeReply() {
        let text = "We will pay on Friday. " + String(repeating: "Lorem ipsum dolor sit amet, invoice 4471 🙏 ", count: 20_000)
        let result = ReplyClassifier.standard.classify(text: text, messageDate: Self.day)
        #expect(ReplyLabel.allCases.contains(result.label))
    }

    @Test("Strong signals: automatic replies and payment claims")
    func rules() {
        let auto = ReplyClassifier.standard.classify(text: "I am out of the office until Monday.", subject: "Automatic reply: Payment reminder", messageDate: Self.day)
        #expect(auto.label == .autoReply)
        #expect(auto.promiseDate == nil)
        let paid = ReplyClassifier.standard.classify(text: "Diese Rechnung wurde bereits am 28.10.2026 bezahlt.", messageDate: Self.day)
        #expect(paid.label == .alreadyPaid)
    }

    @Test("Confidence is a distribution and the guesses are ordered")
    func confidence() {
        let result = ReplyClassifier.standard.classify(text: "We will pay invoice INV-2026-0042 on Friday.", messageDate: Self.day)
        #expect(result.label == .promiseToPay)
        #expect(result.promiseDate?.iso == "2026-11-06")
        #expect(result.guesses.count == ReplyClassifier.guessCount)
        #expect(result.guesses.first?.label == result.label)
        #expect(zip(result.guesses, result.guesses.dropFirst()).allSatisfy { $0.permille >= $1.permille })
        #expect(result.facts.references.map(\.text) == ["INV-2026-0042"])
    }

    @Test("Amounts and invoice numbers are extracted")
    func facts() {
        let facts = ReplyFacts.of("Wir haben 1.234,56 EUR für RE-2026-118 und 99.90 € für 4500123456 am 28.10.2026 überwiesen.")
        #expect(facts.amounts.map(\.hundredths) == [123_456, 9_990])
        #expect(facts.amounts.map(\.currencyCode) == ["EUR", "EUR"])
        #expect(facts.references.map(\.text) == ["RE-2026-118", "4500123456"])
        #expect(facts.references.first?.keys.digitGroups == "2026.118")
        // "bis 16.11." is a date, not 16.11 of money.
        #expect(ReplyFacts.of("Zahlung bis 16.11. über 450,00 EUR").amounts.map(\.hundredths) == [45_000])
    }

    @Test("Folding: umlauts, ß and accents meet their plain spellings")
    func folding() {
        #expect(ReplyText.folded("MÜLLER Straße Café") == "mueller strasse cafe")
        #expect(ReplyText.folded("Mu\u{0308}ller") == "mueller")
    }

    @Test("Training is deterministic")
    func deterministic() {
        let sample = Array(ReplyCorpus.all.prefix(600))
        let a = ReplyClassifier(training: sample), b = ReplyClassifier(training: sample)
        for reply in ReplyCorpus.all.suffix(50) {
            #expect(a.classify(text: reply.text, messageDate: reply.messageDate) == b.classify(text: reply.text, messageDate: reply.messageDate))
        }
    }

    @Test("A malformed corpus line names its line")
    func badCorpusLine() {
        #expect(throws: LabelledReply.ParseError.label(line: 2, text: "promise")) {
            try LabelledReply.parse(lines: "other\ten\t2026-11-04\t-\tok\npromise\ten\t2026-11-04\t-\tx")
        }
    }
}
