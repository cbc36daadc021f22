import Foundation
import HTTPTypes
import Hummingbird

/// What operators and load balancers call, without signing in: liveness, readiness, metrics and
/// the API's description. None of them shows ledger data.
struct OperationsRoutes {
    let services: ServerServices

    func register(on router: Router<AppContext>) {
        router.get("health") { _, _ in APIJSON.response(["status": "ok"]) }
        router.get("ready") { _, _ in
            // Ready when the database answers and every migration is applied; else 503, so a
            // balancer sends no traffic to an instance that would fail every request.
            let ready = await services.ledger.isReady()
            return APIJSON.response(["status": ready ? "ready" : "not_ready", "database": ready ? "migrated" : "unreachable or not migrated"],
                                    status: ready ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            // A database that does not answer must not hide the process's own metrics.
            try? await LedgerGauges.update(services)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: services.metrics.emitToBuffer())))
        }
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
