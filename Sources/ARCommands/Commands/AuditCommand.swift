import ARAgent
import ArgumentParser

/// `aragent audit`: the latest entries of the append-only audit log.
struct AuditCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the latest audit log entries: who changed what, and when.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "How many entries, newest first.") var limit: Int = 50

    func execute(console: Console) async throws {
        let limit = self.limit
        let entries = try await database.withStore { try await $0.auditLog(limit: limit) }
        var table = TextTable([("#", .right), ("When (UTC)", .left), ("Actor", .left), ("What", .left), ("Id", .left), ("Action", .left), ("Details", .left)])
        for entry in entries {
            let e = entry.event
            table.add([String(entry.id), entry.occurredAt, e.actor, e.entity.rawValue, e.entityID, e.action, e.details])
        }
        console.out(table.rendered())
    }
}
