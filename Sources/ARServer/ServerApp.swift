import Hummingbird
import Logging

/// The HTTP application: operations endpoints, the JSON API and the pages, with request metrics
/// (count and latency by route, through swift-metrics) and request logs that carry the method,
/// the route and the status, never a header or a body (where tokens and passwords travel).
public enum ServerApp {
    public static func router(_ services: ServerServices) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: LogRequestsMiddleware(.info, includeHeaders: .none))
        OperationsRoutes(services: services).register(on: router)
        APIRoutes(services: services).register(on: router)
        PageRoutes(services: services).register(on: router)
        return router
    }
}
