import ARAgent
import ARCore
import ARServer
import ARStore
import Foundation
import Hummingbird
import Logging
import CoreMetrics
import Metrics
import Prometheus
import ServiceLifecycle

/// `aragent serve` as one process: the HTTP server, the outbox delivery worker and the daily
/// cycle, as services of one ServiceGroup. SIGTERM or SIGINT starts a graceful shutdown: the
/// server stops accepting and finishes its requests, a delivery or cycle in progress finishes
/// (only the waits between runs are cut short), and the run returns normally.
public struct ServerRuntime: Sendable {
    /// One delivery run over the ledger (the same DeliveryService run as `aragent send`); the
    /// closure it is given says when the process is shutting down, so the run stops claiming.
    public typealias Deliver = @Sendable (SQLLedgerStore, CalendarDate, @escaping @Sendable () -> Bool) async throws -> DeliveryReport

    public var configuration: ServerConfiguration
    public var databaseLocation: String
    /// nil when no channel is configured: the server runs, and nothing is delivered.
    public var deliver: Deliver?
    public var announce: @Sendable (String) -> Void
    /// One read of the inbound mailbox (the same as `aragent inbox process --imap`), every
    /// ``inboxMinutes``; nil when no mailbox is configured.
    public var readInbox: ReadInbox?
    public var inboxMinutes = 5
    public typealias ReadInbox = @Sendable (SQLLedgerStore, CalendarDate) async throws -> Void
    /// Reads one message posted to `POST /api/v1/inbound` into the ledger; nil answers 503.
    public var readMail: (@Sendable (SQLLedgerStore, [UInt8], CalendarDate) async throws -> InboundMailOutcome)?
    public var hasher: any PasswordHasher
    /// The templates and company settings messages are composed with, for the approvals
    /// preview (the same as delivery's); nil shows no preview.
    public var messages: (renderer: ReminderRenderer, settings: MessageSettings)?

    /// How often the cycle service looks at the clock: the cycle starts within a minute of its hour.
    static let cycleCheckInterval: Duration = .seconds(60)
    /// A cycle that has not finished in this time is taken to have died with its instance, and
    /// another instance may take the day's turn (the cycle stores nothing twice, so a re-run is safe).
    static let cycleLease: TimeInterval = 30 * 60

    public init(configuration: ServerConfiguration, databaseLocation: String, deliver: Deliver?, hasher: any PasswordHasher = BcryptHasher(),
                messages: (renderer: ReminderRenderer, settings: MessageSettings)? = nil, announce: @escaping @Sendable (String) -> Void) {
        self.messages = messages
        self.configuration = configuration
        self.databaseLocation = databaseLocation
        self.deliver = deliver
        self.hasher = hasher
        self.announce = announce
    }

    public func run() async throws {
        var logger = Logger(label: "aragent.serve")
        logger.logLevel = .info
        var databaseLogger = Logger(label: "aragent.db")
        databaseLogger.logLevel = .warning
        let database = try await Database.open(databaseLocation, logger: databaseLogger)
        do {
            try await serve(SQLLedgerStore(database: database), logger: logger)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    private func serve(_ store: SQLLedgerStore, logger: Logger) async throws {
        let access = AccessService(store: store, hasher: hasher)
        if let admin = try await access.bootstrapAdmin(actor: "serve") {
            announce("""
                No users yet: created '\(admin.name)' with the one-time password \(admin.password)
                Sign in with it, then change it: aragent users passwd \(admin.name) --password-stdin
                """)
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let zone = configuration.timeZone
        var composer: MessageComposer?
        if let messages {
            // The approvals preview and the portal sign links as delivery does: under the public
            // URL, with the company profile the ledger holds at start.
            var settings = messages.settings
            if let url = configuration.publicURL { settings = settings.rebased(on: url.absoluteString) }
            settings.profile = try await store.companyProfile()
            composer = MessageComposer(renderer: messages.renderer, settings: settings, signingKey: try await store.signingKey())
        }
        var built = ServerServices(access: access, ledger: store, metrics: registry, publicURL: configuration.publicURL,
                                   today: { try CompanyCalendar.today(in: zone) }, composer: composer)
        if let readMail { built.inbound = { bytes, day in try await readMail(store, bytes, day) } }
        let services = built
        let configuration = self.configuration, announce = self.announce
        let app = Application(
            router: ServerApp.router(services),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "aragent"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                announce("Listening on http://\(configuration.host):\(port); sign in at \(configuration.signInURL(port: port))")
            },
            logger: logger)
        let worker = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        var group: [any Service] = [app]
        group.append(PeriodicService(name: "warm", interval: .seconds(60), logger: logger) { try await ServerApp.warm(services) })
        group.append(PeriodicService(name: "cycle", interval: Self.cycleCheckInterval, logger: logger) {
            try await DailyCycle(store: store, zone: zone, hour: configuration.cycleHour, worker: worker, logger: logger).runIfDue(now: Date())
        })
        if let deliver {
            group.append(PeriodicService(name: "delivery", interval: .seconds(60 * configuration.deliveryMinutes), logger: logger) {
                // The message being sent when SIGTERM comes finishes and is recorded; no other is started.
                let report = try await deliver(store, try CompanyCalendar.today(in: zone)) { Task.isShuttingDownGracefully }
                DeliveryMetrics.record(report)
                if !report.isEmpty { logger.info("delivery", metadata: ["ar.sent": "\(report.sent)", "ar.failed": "\(report.failed)", "ar.retrying": "\(report.retrying)"]) }
            })
        }
        if let readInbox {
            group.append(PeriodicService(name: "inbox", interval: .seconds(60 * inboxMinutes), logger: logger) {
                try await readInbox(store, try CompanyCalendar.today(in: zone))
            })
        }
        if deliver == nil {
            announce("Delivery is off: no channel is configured (set --smtp-host and --from, or ARAGENT_SMTP_HOST and ARAGENT_MAIL_FROM); approved messages wait.")
        }
        // Last in the group, so the first to hear of a shutdown: it says so at once, while the
        // services before it finish what they are doing (the group stops them in reverse order).
        group.append(ShutdownNotice(announce: announce))
        let serviceGroup = ServiceGroup(configuration: .init(services: group.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                                                             logger: logger))
        try await serviceGroup.run()
        announce("Stopped.")
    }
}

/// Says that a graceful shutdown began, the moment it does: an operator (and a test) sees that
/// SIGTERM was heard while a send or a cycle in progress still finishes.
struct ShutdownNotice: Service {
    let announce: @Sendable (String) -> Void

    func run() async throws {
        try? await gracefulShutdown()
        announce("Stopping: requests, a delivery and a cycle in progress finish; nothing new starts.")
    }
}

/// A service that does `work`, waits `interval`, and again, until shutdown. A failed run is
/// logged with its error and tried again at the next turn: a mail server that is down must
/// not stop the web server.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try await work() } catch {
                logger.error("\(name) failed; trying again at the next turn", metadata: ["ar.error": "\(error)"])
            }
            // Only the wait is cut short by a shutdown; a run in progress finishes.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// The daily cycle, run once a day from the configured hour by whichever instance takes the
/// day's turn (``AccessStore/claimCycle(day:worker:now:leaseUntil:)``).
struct DailyCycle {
    let store: SQLLedgerStore
    let zone: TimeZone
    let hour: Int
    let worker: String
    let logger: Logger

    func runIfDue(now: Date) async throws {
        guard CompanyCalendar.hour(in: zone, now: now) >= hour else { return }
        let today = try CompanyCalendar.today(in: zone, now: now)
        let started = AccessService.instant(now)
        guard try await store.claimCycle(day: today, worker: worker, now: started,
                                         leaseUntil: AccessService.instant(now.addingTimeInterval(ServerRuntime.cycleLease))) else { return }
        let clock = ContinuousClock(), start = clock.now
        let result = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false)
        CoreMetrics.Timer(label: "aragent_cycle_duration").record(duration: clock.now - start)
        try await store.finishCycle(day: today, worker: worker, now: AccessService.instant(Date()))
        logger.info("cycle", metadata: ["ar.day": "\(today.iso)", "ar.actions": "\(result.actions.count)"])
    }
}

/// Messages sent and failed by channel, as Prometheus counters.
enum DeliveryMetrics {
    static func record(_ report: DeliveryReport) {
        for (channel, counts) in report.channels {
            Counter(label: "aragent_messages_sent_total", dimensions: [("channel", channel.rawValue)]).increment(by: counts.sent)
            Counter(label: "aragent_messages_failed_total", dimensions: [("channel", channel.rawValue)]).increment(by: counts.failed)
        }
    }
}
