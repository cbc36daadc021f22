import ARAgent
import Hummingbird
import Logging

/// The HTTP application: operations endpoints, the JSON API and the pages, with request metrics
/// (count and latency by route, through swift-metrics) and request logs that carry the method,
/// the route template and the status, never the path's tokens, a header or a body (where
/// tokens and passwords travel).
public enum ServerApp {
    public static func router(_ services: ServerServices) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: RequestLogMiddleware())
        OperationsRoutes(services: services).register(on: router)
        APIRoutes(services: services).register(on: router)
        PageRoutes(services: services).register(on: router)
        PortalRoutes(services: services).register(on: router)
        TrackingRoutes(services: services).register(on: router)
        return router
    }

    /// Computes the dashboard's and the worklist's figures if the ledger changed since they
    /// were last computed, so that people rarely wait for them (the server runs this every minute).
    public static func warm(_ services: ServerServices) async throws {
        let today = try services.today()
        _ = try await services.dashboardSnapshot(today)
        _ = try await services.worklistSnapshot(today)
    }
}
