import ARAgent
import ARBootstrap
import ARCore
import ARStore
import ArgumentParser
import Foundation

/// `aragent serve`: the web server, the delivery worker and the daily cycle in one process,
/// until SIGTERM or SIGINT (then a graceful stop and exit 0).
struct ServeCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server: JSON API, sign-in and approvals pages, the daily cycle and the delivery worker, until SIGTERM/SIGINT.",
        discussion: """
            Settings come from flags, else environment variables, else --config FILE (TOML: `db = …`, \
            [server] host/port/public_url/cycle_hour/delivery_minutes, [smtp], [mail], [sms], [company]; \
            see the README). On a ledger with no users it creates `admin` and prints a one-time password.
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on (default $ARAGENT_SERVER_HOST, else 127.0.0.1).") var host: String?
    @Option(help: "Port (default $ARAGENT_SERVER_PORT, else 8080; 0 picks a free one and prints it).") var port: Int?
    @Option(help: "The base URL people and customers reach this server at (default $ARAGENT_SERVER_PUBLIC_URL); https makes cookies Secure.")
    var publicURL: String?
    @Option(help: ArgumentHelp("A TOML configuration file; flags and environment variables override it.", valueName: "file")) var config: String?
    @Option(help: "Hour of the day (0-23, company time zone) for the daily cycle (default $ARAGENT_SERVER_CYCLE_HOUR, else 8).") var hour: Int?
    @Option(help: "Minutes between delivery runs (default $ARAGENT_SERVER_DELIVERY_MINUTES, else 5).") var every: Int?
    @Option(help: "The company's time zone (default $ARAGENT_TIMEZONE, else the system's).") var timezone: String?
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var channels: ChannelOptions

    func execute(console: Console) async throws {
        let file: ConfigFile
        do { file = try config.map { try ConfigFile.load(path: $0) } ?? .empty } catch {
            throw ValidationError("\(error)")
        }
        try await Settings.$file.withValue(file) { try await serve(console: console) }
    }

    private func serve(console: Console) async throws {
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.resolve(.init(host: host, port: port, publicURL: publicURL, cycleHour: hour,
                                                                  deliveryMinutes: every, timeZone: timezone))
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        // The company profile the configuration names is the one messages and the portal show:
        // applied at start (audited when it changed), as `aragent company set` would.
        if let path = CommandEnvironment["ARAGENT_COMPANY_PROFILE"], !path.isEmpty {
            let profile = try CompanyProfileFile.read(path: path)
            try await database.withStore { store in
                if try await store.companyProfile() != profile {
                    try await store.setCompanyProfile(profile, actor: "config")
                    console.out("Company profile set from \(path): \(profile.legalName).")
                }
            }
        }
        // Delivery runs when email is configured, with the same settings as `send` and `worker`.
        var deliver: ServerRuntime.Deliver?
        if smtp.smtpHost != nil || CommandEnvironment["ARAGENT_SMTP_HOST"] != nil {
            let senders = try channels.senders(smtp: smtp), renderer = try channels.renderer(), letters = channels.letters
            let zone = configuration.timeZone, publicURL = configuration.publicURL
            deliver = { store, day, stopping in
                try await Delivery.run(store: store, asOf: day, channels: senders, renderer: renderer, companyTimeZone: zone, console: console,
                                       letters: letters, publicURL: publicURL, stopping: stopping)
            }
        }
        var runtime = ServerRuntime(configuration: configuration, databaseLocation: database.resolvedLocation, deliver: deliver,
                                    messages: (try channels.renderer(), MessageSettings.fromEnvironment()), announce: { console.out($0) })
        runtime.readMail = { store, bytes, day in try await IMAPInbox.readOne(bytes, store: store, asOf: day) }
        // Replies are read when a mailbox is configured, as `inbox process --imap` reads them.
        if let url = CommandEnvironment["ARAGENT_IMAP_URL"], !url.isEmpty {
            let mailbox = try IMAPInbox.mailbox(url: url, moveTo: CommandEnvironment["ARAGENT_IMAP_MOVE_TO"])
            if let text = CommandEnvironment["ARAGENT_IMAP_MINUTES"] {
                guard let minutes = Int(text), (1...1440).contains(minutes) else {
                    throw ValidationError("ARAGENT_IMAP_MINUTES (imap.minutes) '\(text)' is not a number of minutes from 1 to 1440")
                }
                runtime.inboxMinutes = minutes
            }
            runtime.readInbox = { store, day in
                let (report, problems) = try await IMAPInbox.read(mailbox, store: store, asOf: day)
                if report.read > 0 || !problems.isEmpty {
                    console.out("Inbox \(mailbox.configuration.redacted): \(report.read) message(s) read: \(report.counts[.acted] ?? 0) acted on, "
                                + "\(report.counts[.needsPerson] ?? 0) for a person, \(report.counts[.ignored] ?? 0) ignored, \(report.alreadyStored) already processed.")
                }
                for problem in problems { console.err("inbox: skipped \(problem)") }
            }
            console.out("Reading replies from \(mailbox.configuration.redacted) every \(runtime.inboxMinutes) minute(s).")
        }
        try await runtime.run()
    }
}
