import ArgumentParser

/// A command that writes through a ``Console``, so that tests run it exactly as the CLI does.
public protocol ConsoleCommand: AsyncParsableCommand {
    func execute(console: Console) async throws
}

extension ConsoleCommand {
    public func run() async throws { try await execute(console: .standard) }
}

/// `aragent`: the root of the command tree.
public struct AragentCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aragent",
        abstract: "ARAgent: a self-hosted accounts-receivable agent.",
        discussion: """
            Start with `aragent demo` (a demo company in aragent.sqlite) and `aragent report baseline`.
            Every command that touches the ledger takes --db PATH_OR_URL: a SQLite file (default
            aragent.sqlite, or $ARAGENT_DB) or a postgres:// URL.
            """,
        subcommands: [ImportCommand.self, ReportCommand.self, CashApplyCommand.self, ReviewCommand.self, RematchCommand.self, RunCommand.self, ActionsCommand.self, SendCommand.self, WorkerCommand.self, PromiseCommand.self, DisputeCommand.self, HoldCommand.self, UnholdCommand.self, PolicyCommand.self, DemoCommand.self, AuditCommand.self, VerifyCommand.self, BenchCommand.self, ServeCommand.self, UsersCommand.self, TokensCommand.self, CompanyCommand.self, InboxCommand.self, ClassifyCommand.self]
    )

    public init() {}

    /// Parses `arguments` and runs the command with `console`: the whole CLI, callable from tests.
    public static func run(_ arguments: [String], console: Console) async throws {
        let command = try parseAsRoot(arguments)
        guard let runnable = command as? any ConsoleCommand else {
            throw ValidationError("'\(arguments.joined(separator: " "))' needs a subcommand; see aragent --help")
        }
        try await runnable.execute(console: console)
    }
}
