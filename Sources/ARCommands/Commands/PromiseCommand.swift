import ARAgent
import ARCore
import ArgumentParser

/// `aragent promise add|cancel|list`: a promise to pay pauses chasing while it is open; the agent
/// cycle closes it as kept or broken.
struct PromiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promise", abstract: "Promises to pay: record, cancel, list.", subcommands: [Add.self, Cancel.self, List.self])

    struct Add: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a promise to pay: the invoice is not chased until the date (plus grace).",
            discussion: "A new promise on an invoice with an open one supersedes it (the earlier one is cancelled, saying so).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Option var invoice: String
        @Option(help: ArgumentHelp("The promised date, YYYY-MM-DD.", valueName: "date")) var date: CalendarDate
        @Option(help: "The promised amount, if the customer named one.") var amount: String?

        func execute(console: Console) async throws {
            let (number, day, person, text) = (InvoiceNumber(invoice), date, actor.name, amount)
            let superseded = try await database.withStore { store in
                var money: Money?
                if let text { money = try await LifecycleRenderer.amount(text, for: number, in: store) }
                return try await store.addPromise(invoice: number, date: day, amount: money, actor: person)
            }
            var line = "Promise recorded: \(invoice) by \(date.iso)."
            if let superseded { line += " It supersedes the promise of \(superseded.promisedDate.iso) (#\(superseded.id)), now cancelled." }
            console.out(line)
        }
    }

    struct Cancel: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an invoice's open promise: chasing resumes from the next cycle.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Option var invoice: String
        @Option(help: "Why, for the audit log.") var note: String?

        func execute(console: Console) async throws {
            let (number, note, person) = (InvoiceNumber(invoice), self.note, actor.name)
            let promise = try await database.withStore { try await $0.cancelPromise(invoice: number, note: note, actor: person) }
            console.out("Promise #\(promise.id) on \(invoice) (by \(promise.promisedDate.iso)) cancelled by \(person): chased again from the next cycle.")
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Promises to pay, optionally of one status, oldest first.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "open, kept, broken or cancelled (default: all).") var status: String?
        @Option(help: "table or json.") var format: ListFormat = .table

        func execute(console: Console) async throws {
            let filter = try LifecycleRenderer.status(status, PromiseStatus.self)
            let records = try await database.withStore { try await $0.promises(status: filter) }
            console.out(LifecycleRenderer.promises(records, format: format))
        }
    }
}
