import ARAgent
import ARCore
import ARStore
import ArgumentParser
import Foundation

/// `aragent send`: deliver the approved actions' messages now, on every configured channel.
struct SendCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Deliver approved actions (email, texts, letters): each re-checked against the ledger at the moment it leaves.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var channels: ChannelOptions

    func execute(console: Console) async throws {
        // Every setting is checked before anything is read or sent.
        let senders = try channels.senders(smtp: smtp)
        let renderer = try channels.renderer()
        let day = try asOf.resolved()
        let zone = try Delivery.companyTimeZone(asOf.timezone)
        let report = try await Delivery.run(database: database, asOf: day, channels: senders, renderer: renderer, companyTimeZone: zone,
                                            console: console, letters: channels.letters)
        console.out(Delivery.summary(report, letters: channels.letters))
    }
}

/// `aragent worker`: the long-running agent — one cycle and one delivery a day at the configured
/// hour, and deliveries (retries) every few minutes in between, on every configured channel.
/// Several workers may share one PostgreSQL: cycles take turns and each message is claimed by one worker.
struct WorkerCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the agent continuously: the daily cycle at --hour (company time zone), deliveries every --every minutes.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var channels: ChannelOptions
    @Option(help: "Hour of the day (0-23) for the daily cycle.") var hour: Int = 8
    @Option(help: "Minutes between delivery runs.") var every: Int = 5
    @Option(help: "The company's time zone (default $ARAGENT_TIMEZONE, else the system's).") var timezone: String?
    @Flag(help: "Run one cycle and one delivery now, then stop.") var once = false

    func validate() throws {
        guard (0...23).contains(hour) else { throw ValidationError("--hour must be 0 to 23") }
        guard every >= 1 else { throw ValidationError("--every must be at least 1 minute") }
    }

    func execute(console: Console) async throws {
        // Refuse to start on settings that cannot work, before the first cycle.
        let senders = try channels.senders(smtp: smtp)
        let renderer = try channels.renderer()
        let zone = try Delivery.companyTimeZone(timezone)
        var lastCycle: CalendarDate?
        while true {
            let today = try Today.inTimeZone(timezone)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let currentHour = calendar.component(.hour, from: Date())
            if once || (lastCycle != today && currentHour >= hour) {
                let result = try await database.withStore { try await CollectionsService(store: $0).runCycle(asOf: today, dryRun: false) }
                console.out("\(today.iso): cycle planned \(result.actions.count) new action(s)")
                lastCycle = today
            }
            let report = try await Delivery.run(database: database, asOf: today, channels: senders, renderer: renderer, companyTimeZone: zone,
                                                console: console, letters: channels.letters)
            if !report.isEmpty { console.out("\(today.iso): \(Delivery.summary(report, letters: channels.letters))") }
            if once { return }
            try await Task.sleep(for: .seconds(60 * every))
        }
    }
}

/// The settings of the channels beside SMTP: templates, the letters folder, the SMS provider.
struct ChannelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A folder of your own templates.", valueName: "dir")) var templates: String?
    @Option(help: ArgumentHelp("Where approved letters (demand letters, notices by post) are written as printable pages.", valueName: "dir"))
    var letters: String = "letters"
    @Option(help: "SMS provider's messages endpoint, https (default $ARAGENT_SMS_URL); the token only from $ARAGENT_SMS_TOKEN.") var smsURL: String?
    @Option(help: "SMS provider account (default $ARAGENT_SMS_ACCOUNT).") var smsAccount: String?
    @Option(help: "SMS sender number or name (default $ARAGENT_SMS_FROM).") var smsFrom: String?

    /// Every channel's sender, or an error naming the flag or variable to fix.
    func senders(smtp: SMTPOptions) throws -> DeliveryChannels {
        DeliveryChannels(email: try smtp.sender(), sms: try smsSender(), letters: try FolderLetterWriter(folder: letters))
    }

    func renderer() throws -> ReminderRenderer {
        do { return try ReminderRenderer(userTemplates: templates) } catch {
            throw ValidationError("the templates cannot be read: \(error); check --templates '\(templates ?? "")'")
        }
    }

    /// Texts are off when none of the four settings is given; some but not all is a mistake.
    func smsSender() throws -> HTTPSMSSender? {
        let environment = CommandEnvironment.self
        let url = smsURL ?? environment["ARAGENT_SMS_URL"], account = smsAccount ?? environment["ARAGENT_SMS_ACCOUNT"]
        let from = smsFrom ?? environment["ARAGENT_SMS_FROM"], token = environment["ARAGENT_SMS_TOKEN"]
        let settings = [("--sms-url (or ARAGENT_SMS_URL)", url), ("--sms-account (or ARAGENT_SMS_ACCOUNT)", account),
                        ("--sms-from (or ARAGENT_SMS_FROM)", from), ("ARAGENT_SMS_TOKEN", token)]
        let missing = settings.filter { $0.1 == nil }.map(\.0)
        if missing.count == settings.count { return nil }
        guard missing.isEmpty, let url, let account, let from, let token else {
            throw ValidationError("the SMS channel is partly configured: \(missing.joined(separator: ", ")) missing; set all four, or none to send no texts")
        }
        guard let endpoint = URL(string: url) else { throw ValidationError("--sms-url (or ARAGENT_SMS_URL) '\(url)' is not a URL") }
        return try HTTPSMSSender(endpoint: endpoint, accountID: account, token: token, from: from)
    }
}

enum Delivery {
    /// One delivery run over the ledger. A configuration problem prints what was done, then
    /// fails the command with the flag or variable to fix.
    static func run(database: DatabaseOptions, asOf: CalendarDate, channels: DeliveryChannels, renderer: ReminderRenderer, companyTimeZone: TimeZone,
                    console: Console, letters: String) async throws -> DeliveryReport {
        try await database.withStore { store in
            try await run(store: store, asOf: asOf, channels: channels, renderer: renderer, companyTimeZone: companyTimeZone, console: console, letters: letters)
        }
    }

    /// One delivery run over an open ledger: what `send` and `worker` do, and what `serve`'s
    /// delivery service does every few minutes.
    static func run(store: SQLLedgerStore, asOf: CalendarDate, channels: DeliveryChannels, renderer: ReminderRenderer, companyTimeZone: TimeZone,
                    console: Console, letters: String, publicURL: URL? = nil, stopping: @escaping @Sendable () -> Bool = { false }) async throws -> DeliveryReport {
        do {
            // Approved actions on a channel without settings wait, and say so.
            let unconfigured = DeliveryChannel.delivered.subtracting(channels.available)
            if !unconfigured.isEmpty {
                let waiting = try await store.actions(status: .approved).filter { unconfigured.contains($0.action.channel) }
                if !waiting.isEmpty {
                    console.err("\(waiting.count) approved text message(s) wait: texts are not configured; set --sms-url, --sms-account, --sms-from and ARAGENT_SMS_TOKEN")
                }
            }
            let composer = MessageComposer(renderer: renderer, settings: try await MessageSettings.resolved(store: store, publicURL: publicURL),
                                           signingKey: try await store.signingKey())
            let worker = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
            var service = DeliveryService(store: store, channels: channels, composer: composer, worker: worker)
            service.companyTimeZone = companyTimeZone
            do {
                return try await service.run(asOf: asOf, clock: { Date() }, stopping: stopping)
            } catch let stopped as DeliveryStopped {
                console.out(summary(stopped.report, letters: letters))
                throw stopped
            }
        }
    }

    static func companyTimeZone(_ name: String?) throws -> TimeZone {
        guard let name = name ?? CommandEnvironment["ARAGENT_TIMEZONE"] else { return .current }
        guard let zone = TimeZone(identifier: name) else {
            throw ValidationError("unknown time zone '\(name)' (--timezone or ARAGENT_TIMEZONE); use an IANA name such as Europe/Berlin")
        }
        return zone
    }

    static func summary(_ report: DeliveryReport, letters: String) -> String {
        let email = report[.email], texts = report[.sms], pages = report[.letter]
        var line = "Queued \(report.queued), sent \(report.sent), retrying \(report.retrying), failed \(report.failed), "
            + "cancelled at re-check \(report.cancelled), deferred \(report.deferred)"
            + "; email: \(email.sent) sent, \(email.retrying) to retry, \(email.failed) failed"
            + "; texts: \(texts.sent) sent, \(texts.retrying) to retry, \(texts.failed) failed"
            + "; letters: \(pages.sent) written to \(letters)"
        if report.claimLost > 0 {
            line += "; \(report.claimLost) sent after another worker or a cancellation took the claim (see `aragent audit`)"
        }
        return line + "."
    }
}
