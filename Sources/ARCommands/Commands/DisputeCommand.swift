import ARAgent
import ARCore
import ArgumentParser

/// `aragent dispute open|resolve|list`: a dispute stops the chasing of its invoice until a person resolves it.
struct DisputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute", abstract: "Disputes: open one, resolve it (credit note, rebill, write-off, rejected), list them.",
        subcommands: [Open.self, Resolve.self, List.self])

    struct Open: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a dispute: the invoice is not chased while it is disputed.",
            discussion: "At most one dispute per invoice is open at a time; resolve it before opening another.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Option var invoice: String
        @Option(help: ArgumentHelp("\(DisputeType.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "type")) var type: String
        @Option var note: String?

        func validate() throws {
            guard DisputeType(rawValue: type) != nil else {
                throw ValidationError("unknown --type '\(type)'; use \(DisputeType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func execute(console: Console) async throws {
            let (number, kind, note, person) = (InvoiceNumber(invoice), type, self.note, actor.name)
            try await database.withStore { try await $0.openDispute(invoice: number, type: kind, note: note, actor: person) }
            console.out("Dispute opened on \(invoice) (\(type)) by \(person): not chased until it is resolved.")
        }
    }

    struct Resolve: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve an invoice's open dispute.",
            discussion: """
                credit_note and write_off record an adjustment of --amount (default: all that is open) that reduces the open
                amount until the ERP's export reflects it; rebill leaves the amount to the ERP's corrected invoice; rejected
                means the invoice is owed as it stands. Chasing resumes from the next cycle for whatever is still open.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Option var invoice: String
        @Option(help: ArgumentHelp("\(DisputeOutcome.chosenByPeople.map(\.rawValue).joined(separator: ", ")).", valueName: "outcome")) var outcome: String
        @Option(help: "For credit_note and write_off: the amount (default: all that is open).") var amount: String?
        @Option(help: "Why, for the audit log.") var note: String?

        func validate() throws {
            guard let parsed = DisputeOutcome(rawValue: outcome), DisputeOutcome.chosenByPeople.contains(parsed) else {
                throw ValidationError("unknown --outcome '\(outcome)'; use \(DisputeOutcome.chosenByPeople.map(\.rawValue).joined(separator: ", "))")
            }
            if amount != nil && parsed.adjustmentKind == nil {
                throw ValidationError("--amount applies to write_off and credit_note only; a \(outcome) resolution changes no amount")
            }
        }

        func execute(console: Console) async throws {
            guard let result = DisputeOutcome(rawValue: outcome) else { throw ValidationError("unknown --outcome '\(outcome)'") }
            let (number, text, note, person) = (InvoiceNumber(invoice), amount, self.note, actor.name)
            let resolution = try await database.withStore { store in
                var money: Money?
                if let text { money = try await LifecycleRenderer.amount(text, for: number, in: store) }
                return try await store.resolveDispute(invoice: number, outcome: result, amount: money, note: note, actor: person)
            }
            let d = resolution.dispute
            var line = "Dispute #\(d.id) on \(d.invoice) resolved by \(person): \(result.rawValue)"
            if let adjustment = d.adjustment { line += " of \(adjustment); open \(resolution.openBefore) → \(resolution.openAfter)" }
            line += resolution.openAfter.isPositive ? ". Chased again from the next cycle." : ". Nothing is left open."
            console.out(line)
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Disputes, optionally of one status, oldest first.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "open or resolved (default: both).") var status: String?
        @Option(help: "table or json.") var format: ListFormat = .table

        func execute(console: Console) async throws {
            let filter = try LifecycleRenderer.status(status, DisputeStatus.self)
            let records = try await database.withStore { try await $0.disputes(status: filter) }
            console.out(LifecycleRenderer.disputes(records, format: format))
        }
    }
}
