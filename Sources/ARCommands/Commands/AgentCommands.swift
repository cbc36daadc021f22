import ARAgent
import ARCore
import ARStore
import ArgumentParser
import Foundation

/// JSON for actions, as CONTRACTS.md defines it for `run` and `actions list`.
enum ActionJSON {
    static func object(_ stored: StoredAction) -> JSONValue {
        let a = stored.action
        return .object([
            ("id", .string(a.id)), ("kind", .string(a.kind.rawValue)), ("customer_id", .string(a.customerID.rawValue)),
            ("invoice_numbers", .array(a.invoices.map { .string($0.rawValue) })), ("channel", .string(a.channel.rawValue)),
            ("template", .string(a.template)), ("tone", .string(a.tone.rawValue)), ("requires_approval", .bool(a.requiresApproval)),
            ("status", .string(stored.status.rawValue)), ("reason", .string(a.reason)),
            ("amount", .string(a.total.decimalString)), ("currency", .string(a.total.currency.code)), ("planned_for", .string(stored.plannedFor.iso)),
        ])
    }

    static func table(_ actions: [StoredAction]) -> String {
        var table = TextTable([("Id", .left), ("Kind", .left), ("Customer", .left), ("Invoices", .left), ("Amount", .right), ("Channel", .left),
                               ("Tone", .left), ("Approval", .left), ("Status", .left)])
        for stored in actions {
            let a = stored.action
            table.add([a.id, a.kind.rawValue, a.customerID.rawValue, a.invoices.map(\.rawValue).joined(separator: " ").prefix(40).description,
                       "\(a.total.decimalString) \(a.total.currency.code)", a.channel.rawValue, a.tone.rawValue, a.requiresApproval ? "needed" : "-",
                       stored.status.rawValue])
        }
        return table.rendered() + "\n\(actions.count) action(s)"
    }
}

/// `aragent run`: one cycle of the collections agent.
struct RunCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one agent cycle: plan the reminders, notices and tasks due on a day, and store them (proposed or approved by policy).",
        discussion: "Running it twice on a day adds nothing the second time. --dry-run plans without storing anything.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOptions
    @Flag(help: "Plan only; store nothing.") var dryRun = false
    @Option(help: "table or json (CONTRACTS.md).") var format: ReportFormat = .table
    @Flag(help: "Also list what was not done, and why.") var explainSkips = false

    func execute(console: Console) async throws {
        let (day, dryRun) = (try asOf.resolved(), self.dryRun)
        let result = try await database.withStore { try await CollectionsService(store: $0).runCycle(asOf: day, dryRun: dryRun) }
        if format == .json {
            console.out(JSONValue.array(result.actions.map(ActionJSON.object)).rendered())
            return
        }
        var text = "Agent cycle for \(day.iso)\(dryRun ? " (dry run: nothing stored)" : ""): \(result.actions.count) new action(s), \(result.skipped.count) item(s) not acted on.\n"
        if !result.actions.isEmpty { text += "\n" + ActionJSON.table(result.actions) + "\n" }
        if explainSkips {
            for skip in result.skipped { text += "\n- \(skip.customerID)\(skip.invoice.map { " \($0)" } ?? ""): \(skip.reason)" }
        }
        console.out(text)
    }
}

/// `aragent actions …`: what the agent proposed, and people's decisions on it.
struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "The agent's actions: list, show, approve, reject, cancel, edit.",
        subcommands: [List.self, Show.self, Preview.self, Letter.self, Approve.self, Reject.self, Cancel.self, Edit.self])

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Stored actions, optionally of one status.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "proposed, approved, rejected, executed, failed or cancelled.") var status: String?
        @Option(help: "table or json (CONTRACTS.md).") var format: ReportFormat = .table

        func execute(console: Console) async throws {
            let filter = try status.map { text -> ActionStatus in
                guard let parsed = ActionStatus(rawValue: text) else {
                    throw ValidationError("unknown --status '\(text)'; use \(ActionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return parsed
            }
            let actions = try await database.withStore { try await $0.actions(status: filter) }
            console.out(format == .json ? JSONValue.array(actions.map(ActionJSON.object)).rendered() : ActionJSON.table(actions))
        }
    }

    struct Show: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "One action with its reason and decision.")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: String

        func execute(console: Console) async throws {
            let id = self.id
            guard let stored = try await database.withStore({ try await $0.action(id: id) }) else {
                throw ValidationError("there is no action '\(id)'; `aragent actions list` shows them")
            }
            let a = stored.action
            console.out("""
                \(a.id): \(a.kind.rawValue) to \(a.customerID) by \(a.channel.rawValue), template \(a.template), tone \(a.tone.rawValue)
                invoices: \(a.invoices.map(\.rawValue).joined(separator: ", ")) (\(a.total))
                status: \(stored.status.rawValue)\(a.requiresApproval ? ", needs approval" : "")\(stored.decidedBy.map { "; decided by \($0) at \(stored.decidedAt ?? "")" } ?? "")\(stored.note.map { " (\($0))" } ?? "")
                planned for \(stored.plannedFor.iso) under policy \(stored.policyVersion)
                why: \(a.reason)
                """)
        }
    }

    struct Preview: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the message an action would send: subject, plain text, and the HTML part (or write it to a file).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOptions
        @Argument var id: String
        @Option(help: ArgumentHelp("A folder of your own templates (NAME.subject.mustache, NAME.txt.mustache, NAME.html.mustache).", valueName: "dir"))
        var templates: String?
        @Option(help: ArgumentHelp("Write the HTML part to this file instead of printing it.", valueName: "file")) var html: String?

        func execute(console: Console) async throws {
            let (id, day, folder) = (self.id, try asOf.resolved(), templates)
            let message = try await database.withStore { store -> RenderedMessage in
                let (action, customer, invoices) = try await ActionMaterial.load(id, from: store)
                let composer = try await ActionMaterial.composer(store, templates: folder)
                let account = try await ActionMaterial.account(action, from: store, asOf: day)
                return try composer.compose(action, customer: customer, invoices: invoices, account: account, asOf: day, now: Int64(Date().timeIntervalSince1970))
            }
            var out = "Subject: \(message.subject)\n\n\(message.text)"
            if let html {
                try Data(message.html.utf8).write(to: URL(fileURLWithPath: html))
                out += "\n(HTML part written to \(html))"
            } else {
                out += "\n--- HTML part ---\n\(message.html)"
            }
            console.out(out)
        }
    }

    struct Letter: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an action as a printable letter (HTML with print styles; print it or save it as PDF from a browser).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOptions
        @Argument var id: String
        @Option(help: ArgumentHelp("Where to write the letter.", valueName: "file")) var out: String
        @Option(help: ArgumentHelp("A folder of your own templates (NAME.letter.mustache or letter.mustache).", valueName: "dir")) var templates: String?

        func execute(console: Console) async throws {
            let (id, day, folder) = (self.id, try asOf.resolved(), templates)
            let letter = try await database.withStore { store -> String in
                let (action, customer, invoices) = try await ActionMaterial.load(id, from: store)
                let composer = try await ActionMaterial.composer(store, templates: folder)
                let account = try await ActionMaterial.account(action, from: store, asOf: day)
                return try composer.letter(action, customer: customer, invoices: invoices, account: account, asOf: day, now: Int64(Date().timeIntervalSince1970))
            }
            do { try Data(letter.utf8).write(to: URL(fileURLWithPath: out)) } catch {
                throw ValidationError("cannot write '\(out)': \(error.localizedDescription)")
            }
            console.out("Letter for action \(id) written to \(out).")
        }
    }

    struct Approve: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a proposed action.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Argument var id: String
        @Option(help: "A note for the audit log.") var note: String?

        func execute(console: Console) async throws {
            let (id, person, note) = (self.id, actor.name, self.note)
            try await database.withStore { try await $0.decide(actionID: id, approve: true, actor: person, note: note) }
            console.out("Action \(id): approved by \(person).")
        }
    }

    struct Reject: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject a proposed (or approved) action; the step is not proposed again, and nothing queued for it is sent.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Argument var id: String
        @Option(help: "Why, for the audit log.") var note: String?

        func execute(console: Console) async throws {
            let (id, person, note) = (self.id, actor.name, self.note)
            try await database.withStore { try await $0.decide(actionID: id, approve: false, actor: person, note: note) }
            console.out("Action \(id): rejected by \(person).")
        }
    }

    struct Cancel: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a proposed or approved action: it is not carried out, and its queued messages are cancelled with it.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Argument var id: String
        @Option(help: "Why, for the audit log.") var note: String?

        func execute(console: Console) async throws {
            let (id, person, note) = (self.id, actor.name, self.note)
            try await database.withStore { try await $0.cancelAction(id: id, note: note, actor: person) }
            console.out("Action \(id): cancelled by \(person).")
        }
    }

    struct Edit: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Change a proposed action's template or tone before approving it.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Argument var id: String
        @Option var template: String?
        @Option(help: "gentle, friendly, firm, direct or formal.") var tone: String?

        func execute(console: Console) async throws {
            let parsedTone = try tone.map { text -> DunningPolicy.Step.Tone in
                guard let value = DunningPolicy.Step.Tone(rawValue: text) else {
                    throw ValidationError("unknown --tone '\(text)'; use \(DunningPolicy.Step.Tone.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            let (id, person, template) = (self.id, actor.name, self.template)
            try await database.withStore { try await $0.edit(actionID: id, template: template, tone: parsedTone, actor: person) }
            console.out("Action \(id): edited.")
        }
    }
}

/// `aragent policy show|set`.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "The dunning policy: show it, or set a new version from a file.",
                                                    subcommands: [Show.self, Set.self])

    struct Show: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Print the active policy (the defaults when none was set) as an editable file.")
        @OptionGroup var database: DatabaseOptions

        func execute(console: Console) async throws {
            let active = try await database.withStore { try await $0.activePolicy() }
            console.out(try active.map { try DunningPolicyFile.shown(body: $0.body, file: "stored policy") } ?? DunningPolicyFile.render(DunningPolicy()))
        }
    }

    struct Set: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a policy file and make it the active version.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Argument var file: String

        func execute(console: Console) async throws {
            let body: String
            do { body = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ValidationError("cannot read '\(file)': \(error.localizedDescription)")
            }
            let (policy, notes) = try DunningPolicyFile.read(body, file: file)
            let (person, path) = (actor.name, file)
            // Checked against the currencies the ledger holds: each needs a threshold amount of its own or a rate.
            try await database.withStore { try await CollectionsService(store: $0, actor: person).activate(policy: policy, body: body, file: path) }
            console.out("Policy \(policy.version) is active: \(policy.steps.count) steps, shadow mode \(policy.shadowMode ? "on" : "off").")
            for note in notes { console.out("note: \(file) \(note)") }
        }
    }
}

/// What rendering one stored action needs, loaded once for `preview`, `letter` and delivery.
enum ActionMaterial {
    /// The action, its customer, and the invoices it names as they stand in the ledger now.
    static func load(_ id: String, from store: SQLLedgerStore) async throws -> (PlannedAction, Customer, [Invoice]) {
        guard let stored = try await store.action(id: id) else {
            throw ValidationError("there is no action '\(id)'; `aragent actions list` shows them")
        }
        guard let customer = try await store.customers().first(where: { $0.id == stored.action.customerID }) else {
            throw ValidationError("customer \(stored.action.customerID) of action \(id) is not in the ledger")
        }
        let wanted = Set(stored.action.invoices)
        return (stored.action, customer, try await store.invoices().filter { wanted.contains($0.number) })
    }

    /// A statement's whole account (empty for any other step).
    static func account(_ action: PlannedAction, from store: SQLLedgerStore, asOf: CalendarDate) async throws -> [InvoiceStanding] {
        guard MessageComposer.accountNeeded(for: action) else { return [] }
        return try await store.accountStandings(customer: action.customerID, currency: action.total.currency, asOf: asOf)
    }

    /// The built-in templates (or the user's from `templates`), the settings from the
    /// environment, the installation's link-signing key, and the policy's promise grace.
    static func composer(_ store: SQLLedgerStore, templates: String?) async throws -> MessageComposer {
        MessageComposer(renderer: try ReminderRenderer(userTemplates: templates), settings: try await MessageSettings.resolved(store: store),
                        signingKey: try await store.signingKey(),
                        promiseGraceDays: try await store.activePolicy()?.policy.promiseGraceDays ?? DunningPolicy().promiseGraceDays)
    }
}

extension MessageSettings {
    /// Read once at the edge: ARAGENT_SERVER_PUBLIC_URL (the base of every link, as `serve
    /// --public-url`), then ARAGENT_COMPANY_NAME, ARAGENT_SENDER_NAME, ARAGENT_PORTAL_URL,
    /// ARAGENT_PAYMENT_URL, ARAGENT_TRACKING_URL, ARAGENT_CLICK_URL for one link each.
    /// Through ``CommandEnvironment``, so `serve --config` sets them as the environment does.
    static func fromEnvironment() -> MessageSettings {
        let environment = CommandEnvironment.self
        var settings = MessageSettings()
        if let base = environment["ARAGENT_SERVER_PUBLIC_URL"] { settings = settings.rebased(on: base) }
        if let value = environment["ARAGENT_COMPANY_NAME"] { settings.companyName = value }
        if let value = environment["ARAGENT_SENDER_NAME"] { settings.senderName = value }
        if let value = environment["ARAGENT_PORTAL_URL"] { settings.portalBaseURL = value }
        if let value = environment["ARAGENT_PAYMENT_URL"] { settings.paymentBaseURL = value }
        if let value = environment["ARAGENT_TRACKING_URL"] { settings.trackingBaseURL = value }
        if let value = environment["ARAGENT_CLICK_URL"] { settings.clickBaseURL = value }
        return settings
    }

    /// The settings messages are composed with: the environment's, every link under `publicURL`
    /// when the server was given one on its command line, and the company profile the ledger
    /// holds (``CompanyProfile``: identity and payment instructions).
    static func resolved(store: SQLLedgerStore, publicURL: URL? = nil) async throws -> MessageSettings {
        var settings = fromEnvironment()
        if let publicURL {
            let profile = settings
            settings = settings.rebased(on: publicURL.absoluteString)
            // A link the environment names on its own still wins.
            let environment = CommandEnvironment.self
            if environment["ARAGENT_PORTAL_URL"] != nil { settings.portalBaseURL = profile.portalBaseURL }
            if environment["ARAGENT_PAYMENT_URL"] != nil { settings.paymentBaseURL = profile.paymentBaseURL }
            if environment["ARAGENT_TRACKING_URL"] != nil { settings.trackingBaseURL = profile.trackingBaseURL }
            if environment["ARAGENT_CLICK_URL"] != nil { settings.clickBaseURL = profile.clickBaseURL }
        }
        settings.profile = try await store.companyProfile()
        return settings
    }
}
