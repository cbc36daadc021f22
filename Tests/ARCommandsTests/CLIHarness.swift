import ARCommands
import ARTestSupport
import Foundation

/// The command line as the tests drive it: a fresh folder and ledger, files written into it,
/// and `aragent` run in-process with what it printed and the exit code it would have.
struct CLIHarness {
    let folder: URL
    let db: String

    init() throws {
        folder = try TestEnvironment.temporaryFolder()
        db = folder.appendingPathComponent("ledger.sqlite").path
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) {
        let (console, captured) = Console.capturing()
        do {
            try await AragentCommand.run(arguments, console: console)
            return (captured.out, captured.err, 0)
        } catch {
            return (captured.out, captured.err + AragentCommand.message(for: error), AragentCommand.exitCode(for: error).rawValue)
        }
    }
}
