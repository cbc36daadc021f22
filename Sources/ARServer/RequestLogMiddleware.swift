import Dispatch
import Hummingbird
import Logging

/// One log line per request: the method, the route as it was registered (`/portal/{token}`,
/// never the path a customer's link carried: portal and tracking tokens are bearer
/// credentials, and query strings carry values people typed), the status and the time taken.
///
/// Hummingbird's own request log prints the full URI, which is why it is not used. The open
/// image and tracked links log at `debug`: a mail privacy proxy fetching an image thousands of
/// times would otherwise fill the log (and writing the lines cost a third of the image's
/// throughput); their counts are on `/metrics` all the same.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static func level(route: String) -> Logger.Level {
        route.hasPrefix("/t/") || route.hasPrefix("/c/") || route.hasPrefix("/pay/") ? .debug : .info
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        func log(_ status: Int) {
            let route = context.endpointPath ?? "(no route)"
            let level = Self.level(route: route)
            guard context.logger.logLevel <= level else { return }
            let milliseconds = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            context.logger.log(level: level, "request", metadata: [
                "http.method": .string(request.method.rawValue), "http.route": .string(route),
                "http.status": .stringConvertible(status), "http.duration_ms": .stringConvertible(milliseconds),
            ])
        }
        do {
            let response = try await next(request, context)
            log(response.status.code)
            return response
        } catch {
            log((error as? any HTTPResponseError)?.status.code ?? 500)
            throw error
        }
    }
}
