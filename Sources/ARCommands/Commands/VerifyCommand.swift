import ARAgent
import ArgumentParser

/// `aragent verify`: the ledger's invariants checked on the live database (CONTRACTS.md).
struct VerifyCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the ledger's invariants; exits non-zero when one is violated.",
        discussion: """
            Rules: open_amount_rule (every invoice's open amount, paid date, dispute flag and status follow the \
            one rule from the ERP's facts and ARAgent's records), no_over_application, bank_line_balance \
            (allocations + unapplied = amount), bank_line_status, reversal_once, sent_message_chaseable \
            (every invoice a sent message named was open, not disputed, held or promised when it left, and its \
            action was approved), status_transitions (every action's audit trail follows its lifecycle).
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(help: "table or json (CONTRACTS.md).") var format: ReportFormat = .table
    @Option(help: "List at most this many violations per rule (all are counted).") var limit: Int = 100

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be 1 or more") }
        guard format != .csv else { throw ValidationError("--format takes table or json") }
    }

    func execute(console: Console) async throws {
        let limit = self.limit
        let report = try await database.withStore { try await $0.verify(limit: limit) }
        if format == .json {
            console.out(JSONValue.object([
                ("ok", .bool(report.ok)),
                ("checked", .object(report.checked.sorted { $0.key < $1.key }.map { ($0.key, .number(String($0.value))) })),
                ("violations", .array(report.violations.map { violation in
                    .object([("rule", .string(violation.rule)), ("ids", .array(violation.ids.map(JSONValue.string))),
                             ("detail", .string(violation.detail))])
                })),
            ]).rendered())
        } else {
            let checked = report.checked.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            if report.ok {
                console.out("OK: no violations (checked \(checked)).")
            } else {
                var table = TextTable([("Rule", .left), ("Ids", .left), ("Detail", .left)])
                for violation in report.violations { table.add([violation.rule, violation.ids.joined(separator: ", "), violation.detail]) }
                console.out(table.rendered())
                console.out("\(report.violations.count) violation(s) (checked \(checked)).")
            }
        }
        if !report.ok { throw ExitCode(1) }
    }
}
