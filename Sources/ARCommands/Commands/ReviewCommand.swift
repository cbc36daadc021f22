import ARAgent
import ARBankFormats
import ARCore
import ARStore
import ArgumentParser
import Foundation

/// `aragent review …`: the people-in-the-loop side of cash application.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Payments waiting for a person: list, show, accept a suggestion, split by hand, reject, re-open, reverse.",
        discussion: """
            A bank line is new (stored, not yet matched), unmatched, review, applied,
            partially_applied or rejected. An applied or partially applied line is neither rejected
            nor split until its allocations are reversed; a rejected line is applied only after
            `review reopen`.
            """,
        subcommands: [List.self, Show.self, Accept.self, Split.self, Reject.self, Reopen.self, Reverse.self])

    struct Actor: ParsableArguments {
        @Option(name: .customLong("as"), help: "Who decides, for the audit log (default: $USER).") var person: String?
        var name: String { person ?? ProcessInfo.processInfo.environment["USER"] ?? "cli" }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Bank transactions by status (default: those waiting for review).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "review, new, unmatched, partially_applied, applied, rejected, or all.") var status: String = "review"
        @Option(help: "table or json.") var format: ReportFormat = .table

        func execute(console: Console) async throws {
            let filter: TransactionStatus?
            if status == "all" { filter = nil } else {
                guard let parsed = TransactionStatus(rawValue: status) else {
                    throw ValidationError("unknown --status '\(status)'; use \(TransactionStatus.allCases.map(\.rawValue).joined(separator: ", ")) or all")
                }
                filter = parsed
            }
            let rows = try await database.withStore { try await $0.transactions(status: filter) }
            if format == .json {
                console.out(JSONValue.array(rows.map(Self.json)).rendered())
                return
            }
            var table = TextTable([("#", .right), ("Date", .left), ("Amount", .right), ("Cur", .left), ("Unapplied", .right), ("Payer", .left),
                                   ("Remittance", .left), ("Status", .left), ("Why", .left)])
            for row in rows {
                let p = row.line.payment
                table.add([String(row.id), p.valueDate.iso, p.amount.decimalString, p.amount.currency.code, row.unapplied.decimalString,
                           String((p.payerName ?? "").prefix(24)), String((p.remittance ?? "").prefix(30)), row.status?.rawValue ?? "",
                           String(row.summary.prefix(60))])
            }
            console.out(table.rendered() + "\n\(rows.count) transaction(s)")
        }

        static func json(_ row: StoredBankTransaction) -> JSONValue {
            let p = row.line.payment
            return .object([("id", .number(String(row.id))), ("value_date", .string(p.valueDate.iso)), ("amount", .string(p.amount.decimalString)),
                            ("currency", .string(p.amount.currency.code)), ("unapplied", .string(row.unapplied.decimalString)),
                            ("payer_name", p.payerName.map(JSONValue.string) ?? .null), ("remittance", p.remittance.map(JSONValue.string) ?? .null),
                            ("status", .string(row.status?.rawValue ?? "")), ("summary", .string(row.summary))])
        }
    }

    struct Show: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "One transaction: what the bank said, the suggestions and why, the allocations made.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The transaction number from `review list`.") var id: Int64

        func execute(console: Console) async throws {
            let id = self.id
            let (transaction, suggestions, allocations) = try await database.withStore { store in
                (try await store.transaction(id: id), try await store.suggestions(transactionID: id), try await store.allocations(transactionID: id))
            }
            guard let transaction else { throw ValidationError("there is no bank transaction \(id); `aragent review list --status all` lists them") }
            let p = transaction.line.payment
            var lines = ["Transaction \(id): \(p.amount) on \(p.valueDate.iso), \(transaction.status?.rawValue ?? ""), \(transaction.unapplied) unapplied",
                         "  payer: \(p.payerName ?? "-")  account: \(p.payerAccount.map(CashMatcher.masked) ?? "-")",
                         "  remittance: \(p.remittance ?? "-")",
                         "  bank reference: \(transaction.line.bankReference ?? "-")  format: \(transaction.line.format)",
                         "  \(transaction.summary)"]
            for (index, proposal) in suggestions.enumerated() {
                lines.append("Suggestion \(index + 1) (\(proposal.confidence / 10)%): " + proposal.allocations.map { allocation in
                    "\(allocation.invoice) \(allocation.amount.decimalString)"
                        + (allocation.adjustment.map { " + \($0.decimalString) \(allocation.adjustmentReason?.rawValue ?? "adjustment")" } ?? "")
                }.joined(separator: ", "))
                for reason in proposal.reasons { lines.append("    - \(reason)") }
            }
            for allocation in allocations {
                lines.append("Allocation \(allocation.id): \(allocation.invoice) \(allocation.amount.decimalString)\(allocation.reverses.map { " (reverses \($0))" } ?? "") by \(allocation.decidedBy) at \(allocation.createdAt): \(allocation.reason)")
            }
            console.out(lines.joined(separator: "\n"))
        }
    }

    struct Accept: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Apply a suggestion as it stands.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: Actor
        @Argument(help: "The transaction number.") var id: Int64
        @Option(help: "Which suggestion (1 is the best).") var suggestion: Int = 1

        func execute(console: Console) async throws {
            let (id, rank, person) = (self.id, suggestion, actor.name)
            try await database.withStore { try await ReviewService(store: $0).accept(transaction: id, suggestion: rank, actor: person) }
            console.out("Transaction \(id): suggestion \(suggestion) applied.")
        }
    }

    struct Split: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Apply a transaction by hand: --allocate INVOICE=AMOUNT, as many as needed; the rest stays unapplied.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: Actor
        @Argument(help: "The transaction number.") var id: Int64
        @Option(help: "INVOICE=AMOUNT, e.g. INV-1001=250.00 (repeat for several invoices).") var allocate: [String]
        @Option(help: "Why, for the audit log.") var note: String = "split by hand"

        func execute(console: Console) async throws {
            let (id, person, note) = (self.id, actor.name, self.note)
            let parts = try allocate.map { entry -> ReviewService.Part in
                let pair = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else { throw ValidationError("--allocate '\(entry)' is written INVOICE=AMOUNT, such as INV-1001=250.00") }
                return ReviewService.Part(invoice: pair[0], amount: pair[1])
            }
            try await database.withStore { try await ReviewService(store: $0).split(transaction: id, parts: parts, note: note, actor: person) }
            console.out("Transaction \(id): \(allocate.count) allocation(s) applied.")
        }
    }

    struct Reject: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Decide a transaction is not to be applied (not customer cash, or left on account).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: Actor
        @Argument(help: "The transaction number.") var id: Int64
        @Option(help: "Why, for the audit log.") var note: String

        func execute(console: Console) async throws {
            let (id, person, note) = (self.id, actor.name, self.note)
            try await database.withStore { try await $0.reject(transactionID: id, note: note, actor: person) }
            console.out("Transaction \(id): rejected.")
        }
    }

    struct Reopen: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Re-open a rejected transaction: it is unmatched again, to apply by hand or by `aragent rematch`.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: Actor
        @Argument(help: "The transaction number.") var id: Int64
        @Option(help: "Why, for the audit log.") var note: String

        func execute(console: Console) async throws {
            let (id, person, note) = (self.id, actor.name, self.note)
            try await database.withStore { try await $0.reopen(transactionID: id, note: note, actor: person) }
            console.out("Transaction \(id): re-opened (unmatched).")
        }
    }

    struct Reverse: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Reverse an allocation with an opposite entry: the invoice is open again, the cash unapplied.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: Actor
        @Argument(help: "The allocation number (from `review show`).") var allocation: Int64
        @Option(help: "Why, for the audit log.") var reason: String

        func execute(console: Console) async throws {
            let (id, person, reason) = (allocation, actor.name, self.reason)
            try await database.withStore { try await $0.reverse(allocationID: id, reason: reason, actor: person) }
            console.out("Allocation \(id): reversed.")
        }
    }
}

/// `aragent import statement FILE`.
struct ImportStatementCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Import a bank statement or remittance file and apply the payments it can (the rest goes to review).")
    @Argument(help: "BAI2, camt.052/053/054, MT940/MT942, OFX, NACHA, BAI lockbox, or the CSV of CONTRACTS.md.") var file: String
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Confidence needed to post without review, 0-1 (default: the policy's, chosen on the calibration of `bench cash`).")
    var threshold: String = MoneyFormat.decimalString(minorUnits: Int64(MatchingPolicy.defaultAutoApplyThreshold), digits: 3)

    func execute(console: Console) async throws {
        guard let permille = try? MoneyFormat.parseMinorUnits(Array(threshold.utf8)[...], digits: 3), (0...1000).contains(permille) else {
            throw ValidationError("--threshold '\(threshold)' is not a number from 0 to 1, such as 0.9")
        }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file))) } catch {
            throw ValidationError("cannot read '\(file)': \(error.localizedDescription)")
        }
        let file = self.file
        let report: StatementImportReport
        do {
            report = try await database.withStore { store in
                try await StatementImportService(store: store, policy: MatchingPolicy(autoApplyThreshold: Int(permille)))
                    .importStatement(bytes: bytes, file: file)
            }
        } catch let error as BankFileError {
            console.err("\(file):\(error.line): \(error.field.map { "\($0): " } ?? "")\(error.message)")
            console.err("\(file): nothing was imported.")
            throw ExitCode(2)
        }
        for warning in report.warnings { console.err("\(file):\(warning.line): warning: \(warning.message)") }
        var lines = ["\(file) (\(report.format.rawValue)): \(report.credits) credits, \(report.stored) new, \(report.duplicates) already in the ledger; \(report.debitsSkipped) debits left out (not customer payments)."]
        if report.stored == 0 { lines.append("Nothing new: the ledger already holds every line of this file.") }
        if report.recovered > 0 {
            lines.append("\(report.recovered) line(s) stored earlier but not yet matched (an import interrupted between storing and matching) were matched now.")
        }
        if report.stored + report.recovered > 0 {
            lines.append("Applied automatically: \(report.autoApplied); for review: \(report.review) (aragent review list); unmatched: \(report.unmatched).")
        }
        console.out(lines.joined(separator: "\n"))
    }
}
