import ARCore
import ArgumentParser
import Foundation

/// `aragent bench classify`: reply classification speed (replies per second, training time) and,
/// with `--report`, its quality by k-fold cross-validation on the shipped corpus, English and
/// German apart.
struct ClassifyBench: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Measure reply classification: training time, replies/s and (--report) cross-validated quality.")

    @Option(help: "Replies to classify for the speed figure (the corpus is cycled).") var replies: Int = 20_000
    @Flag(help: "Also print k-fold cross-validated accuracy, per-label precision/recall, top confusions and calibration.")
    var report = false
    @Option(help: "Folds for --report.") var folds: Int = 5

    func execute(console: Console) async throws {
        let clock = ContinuousClock()
        let corpus = ReplyCorpus.all
        var started = clock.now
        let classifier = ReplyClassifier(training: corpus)
        let training = clock.now - started
        console.out("trained on \(corpus.count) replies in \(LedgerBench.seconds(training))")

        let count = max(1, replies)
        started = clock.now
        var promises = 0
        for index in 0..<count {
            let reply = corpus[index % corpus.count]
            if classifier.classify(text: reply.text, messageDate: reply.messageDate).promiseDate != nil { promises += 1 }
        }
        let elapsed = clock.now - started
        let (seconds, atto) = elapsed.components
        let total = Double(seconds) + Double(atto) / 1e18
        console.out("classified \(count) replies in \(LedgerBench.seconds(elapsed)): \(String(format: "%.0f", Double(count) / max(total, 1e-9))) replies/s (\(promises) with a promise date)")

        guard report else { return }
        let evaluation = ReplyEvaluation.crossValidate(corpus, folds: max(2, folds))
        console.out(evaluation.report(title: "\(folds)-fold cross-validation, all"))
        for language in ["en", "de"] {
            console.out(evaluation.only(language: language).report(title: "\(folds)-fold cross-validation, \(language)"))
        }
    }
}
