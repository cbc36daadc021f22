import ARAgent
import ARCore
import ArgumentParser
import Foundation

/// `aragent bench plan`: one agent cycle's planning over an existing ledger (for example the
/// one `aragent bench ledger` leaves behind), without storing or printing the actions.
struct PlanBench: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Measure planning one agent cycle (read the ledger, profile customers, plan) over an existing ledger.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOptions

    func execute(console: Console) async throws {
        let day = try asOf.resolved()
        let clock = ContinuousClock()
        let started = clock.now
        let (actions, skipped) = try await database.withStore { store in
            let result = try await CollectionsService(store: store).runCycle(asOf: day, dryRun: true)
            return (result.actions.count, result.skipped.count)
        }
        console.out("\(LedgerBench.seconds(clock.now - started))  planned one cycle for \(day.iso): \(actions) actions, \(skipped) items not acted on")
        console.out("peak memory (max RSS): \(LedgerBench.peakResidentMegabytes()) MB")
    }
}
