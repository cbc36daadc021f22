import ARAgent
import ARCore
import Foundation
import Prometheus

/// Everything a route may call: the use cases and ports of ARAgent, built by ARBootstrap. The
/// server holds no store of its own and runs no SQL.
public struct ServerServices: Sendable {
    public var access: AccessService
    public var ledger: any WorkbenchLedger
    /// Where Prometheus metrics are collected; `/metrics` writes it out.
    public var metrics: PrometheusCollectorRegistry
    /// The base of every link; an `https` URL makes the session cookie `Secure`.
    public var publicURL: URL?
    public var now: @Sendable () -> Date
    /// "Today" in the company's time zone, decided at the edge.
    public var today: @Sendable () throws -> CalendarDate
    /// Renders an action's message as it would be sent (the same composer as delivery), for the
    /// approvals preview; nil shows no preview.
    public var composer: MessageComposer?
    /// Reads a message posted to `POST /api/v1/inbound`; nil answers 503 (no reader configured).
    public var inbound: InboundMailReader?

    public init(access: AccessService, ledger: any WorkbenchLedger, metrics: PrometheusCollectorRegistry,
                publicURL: URL?, now: @escaping @Sendable () -> Date = { Date() }, today: @escaping @Sendable () throws -> CalendarDate,
                composer: MessageComposer? = nil, freshnessBudget: Duration = ServerServices.defaultFreshnessBudget) {
        self.caches = WorkbenchCaches(budget: freshnessBudget)
        self.access = access
        self.ledger = ledger
        self.metrics = metrics
        self.publicURL = publicURL
        self.now = now
        self.today = today
        self.composer = composer
        if let composer {
            portal = PortalService(ledger: ledger, key: composer.key, now: now, today: today)
            tracking = TrackingService(ledger: ledger, key: composer.key, now: now)
        } else {
            portal = nil
            tracking = nil
        }
    }

    /// The customer portal and the tracking links, signed with the composer's key (nil without
    /// a composer: the links then answer 404, as there are no messages to have come from).
    public let portal: PortalService?
    public let tracking: TrackingService?

    /// Whole-ledger figures kept until the ledger changes (``LedgerSnapshotCache``).
    let caches: WorkbenchCaches
    /// How long a page waits for newly computed whole-ledger figures before it shows the last
    /// ones, marked with their time. Tests set it long, so a page always shows current figures.
    public static let defaultFreshnessBudget: Duration = .milliseconds(800)

    /// Cookies are `Secure` when the public URL is https (the server sits behind TLS).
    var secureCookies: Bool { publicURL?.scheme?.lowercased() == "https" }
}
