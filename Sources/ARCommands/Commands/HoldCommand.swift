import ARAgent
import ARCore
import ArgumentParser

/// `--customer C | --invoice N`: what a hold is on.
struct HoldTargetOptions: ParsableArguments {
    @Option(help: "Hold all of this customer's invoices.") var customer: String?
    @Option(help: "Hold this invoice.") var invoice: String?

    func validate() throws { _ = try target() }

    func target() throws -> HoldTarget {
        switch (customer, invoice) {
        case (let customer?, nil): return .customer(CustomerID(customer))
        case (nil, let invoice?): return .invoice(InvoiceNumber(invoice))
        default: throw ValidationError("name exactly one of --customer C or --invoice N")
        }
    }
}

/// `aragent hold --customer C | --invoice N --reason TEXT [--until DATE]`, and `aragent hold list`.
struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Stop chasing a customer or an invoice: place a hold (with a reason, optionally until a day), or list the holds.",
        subcommands: [Place.self, List.self], defaultSubcommand: Place.self)

    struct Place: ConsoleCommand {
        static let configuration = CommandConfiguration(
            commandName: "place",
            abstract: "Place a hold: the customer's invoices (or the invoice) are not planned while it holds.",
            discussion: "A hold holds through its --until day (inclusive), or until `aragent unhold`. The planner's skip reason names the hold's reason, who placed it and until when.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @OptionGroup var on: HoldTargetOptions
        @Option(help: "Why, shown wherever the hold stops chasing (a negotiation, a credit note on its way).") var reason: String
        @Option(help: ArgumentHelp("The last day it holds, YYYY-MM-DD (default: until released).", valueName: "date")) var until: CalendarDate?
        @OptionGroup var asOf: AsOfOptions

        func execute(console: Console) async throws {
            let (target, reason, until, day, person) = (try on.target(), self.reason, self.until, try asOf.resolved(), actor.name)
            let hold = try await database.withStore { try await $0.placeHold(target, reason: reason, until: until, asOf: day, actor: person) }
            console.out("Hold #\(hold.id) on \(target) placed by \(person) \(until.map { "until \($0.iso)" } ?? "until released"): \(hold.reason).")
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Holds not released (with --all, every hold), oldest first, with their state on a day.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Also released holds.") var all = false
        @Option(help: "table or json.") var format: ListFormat = .table
        @OptionGroup var asOf: AsOfOptions

        func execute(console: Console) async throws {
            let (day, everything) = (try asOf.resolved(), all)
            let records = try await database.withStore { try await $0.holds(includeReleased: everything) }
            console.out(LifecycleRenderer.holds(records, on: day, format: format))
        }
    }
}

/// `aragent unhold --customer C | --invoice N [--note TEXT]`: chasing resumes from the next cycle.
struct UnholdCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "unhold", abstract: "Release a hold: chasing resumes from the next cycle.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ReviewCommand.Actor
    @OptionGroup var on: HoldTargetOptions
    @Option(help: "Why, for the audit log.") var note: String?

    func execute(console: Console) async throws {
        let (target, note, person) = (try on.target(), self.note, actor.name)
        let hold = try await database.withStore { try await $0.releaseHold(target, note: note, actor: person) }
        console.out("Hold #\(hold.id) on \(target) (\(hold.reason)) released by \(person): chased again from the next cycle.")
    }
}
