import ARAgent
import ARCore
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1`: the JSON API. Reads need `viewer`, the collector's work (review items, promises,
/// disputes, imports: ``APIWorkbenchRoutes``, ``APIImportRoutes``) `collector`, decisions and
/// holds `approver`; every route calls a port or use case of ARAgent, the same that the CLI's
/// commands call.
struct APIRoutes {
    let services: ServerServices

    func register(on router: Router<AppContext>) {
        let api = router.group("api/v1")
            .add(middleware: ProblemMiddleware<AppContext>())
            .add(middleware: BearerAuthMiddleware(access: services.access))
        api.get("invoices") { request, context in try await invoices(request, context) }
        api.get("customers") { request, context in try await customers(request, context) }
        api.get("actions") { request, context in try await actions(request, context) }
        api.post("actions/{id}/approve") { request, context in try await decide(request, context, approve: true) }
        api.post("actions/{id}/reject") { request, context in try await decide(request, context, approve: false) }
        api.get("reports/aging") { request, context in try await aging(request, context) }
        APIWorkbenchRoutes(services: services).register(on: api)
        APIImportRoutes(services: services).register(on: api)
        APIInboundRoutes(services: services).register(on: api)
    }

    /// `{"items": [...], "next": cursor or null}` from a page fetched with one row more than asked.
    private func page<T>(_ rows: [T], limit: Int, key: (T) -> String, json: (T) -> [String: Any]) -> Response {
        let items = Array(rows.prefix(limit))
        let next: Any = rows.count > limit ? (items.last.map { Cursor.encode(key($0)) } ?? NSNull()) : NSNull()
        return APIJSON.response(["items": items.map(json), "next": next] as [String: Any])
    }

    private func after(_ request: Request) throws -> String? {
        try request.uri.queryParameters["cursor"].map { try Cursor.decode(String($0)) }
    }

    func invoices(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let status = try request.uri.queryParameters["status"].map { text -> InvoiceStatus in
            guard let status = InvoiceStatus(rawValue: String(text)) else {
                throw Problem.invalid("status", "status '\(text)' is not an invoice status; use \(InvoiceStatus.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            return status
        }
        let limit = try PageLimit.read(request)
        let rows = try await services.ledger.invoicePage(status: status, after: try after(request).map { InvoiceNumber($0) }, limit: limit + 1)
        let items = rows.prefix(limit)
        let next = rows.count > limit ? items.last.map { Cursor.encode($0.number.rawValue) } : nil
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: JSONText.invoicePage(items, next: next))))
    }

    func customers(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let limit = try PageLimit.read(request)
        let rows = try await services.ledger.customerPage(after: try after(request).map { CustomerID($0) }, limit: limit + 1)
        return page(rows, limit: limit, key: \.id.rawValue, json: APIJSON.customer)
    }

    func actions(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let status = try request.uri.queryParameters["status"].map { text -> ActionStatus in
            guard let status = ActionStatus(rawValue: String(text)) else {
                throw Problem.invalid("status", "status '\(text)' is not an action status; use \(ActionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return status
        }
        let limit = try PageLimit.read(request)
        let rows = try await services.ledger.actionPage(status: status, after: try after(request), limit: limit + 1)
        return page(rows, limit: limit, key: \.action.id, json: APIJSON.action)
    }

    func aging(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let day: CalendarDate
        if let text = request.uri.queryParameters["as_of"] {
            guard let parsed = CalendarDate(iso: String(text)) else { throw Problem.invalid("as_of", "as_of '\(text)' is not a YYYY-MM-DD date") }
            day = parsed
        } else {
            day = try services.today()
        }
        return APIJSON.response(APIJSON.aging(try await services.ledger.agingReport(asOf: day)))
    }

    /// Approve or reject, with the same port as `aragent actions approve|reject`.
    func decide(_ request: Request, _ context: AppContext, approve: Bool) async throws -> Response {
        let principal = try context.require(.approver)
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        var request = request
        let note = try await Self.note(from: &request, context: context)
        return try await Idempotency(store: services.access.store).run(request, principal: principal) {
            try await ActionDecision(ledger: services.ledger).decide(id: id, approve: approve, actor: principal.auditName, note: note)
        }
    }

    /// The optional JSON body `{"note": "…"}`.
    static func note(from request: inout Request, context: AppContext) async throws -> String? {
        let buffer = try await request.collectBody(upTo: FormBody.maximumBytes)
        guard buffer.readableBytes > 0 else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw Problem.invalid("body", "the body must be a JSON object such as {\"note\": \"called the customer\"}, or empty")
        }
        guard let value = object["note"] else { return nil }
        guard let note = value as? String else { throw Problem.invalid("note", "note must be a string") }
        return note
    }
}

/// One decision on an action, answered as the action afterwards; the refusals a client can act
/// on (no such action, not in a state to decide) are 404 and 409, checked before the decision.
struct ActionDecision {
    let ledger: any CollectionsStore

    func decide(id: String, approve: Bool, actor: String, note: String?) async throws -> StoredResponse {
        guard let action = try await ledger.action(id: id) else {
            throw Problem(.notFound, title: "Not found", detail: "there is no action '\(id)'; GET /api/v1/actions lists them", field: "id")
        }
        guard action.status == .proposed || (!approve && action.status == .approved) else {
            throw Problem(.conflict, title: "Conflict", detail: "action '\(id)' is \(action.status.rawValue); only proposed actions can be \(approve ? "approved" : "rejected")", field: "id")
        }
        do {
            try await ledger.decide(actionID: id, approve: approve, actor: actor, note: note)
        } catch {
            // Decided by someone else between the check and the decision: the store says what it found.
            throw Problem(.conflict, title: "Conflict", detail: String(describing: error), field: "id")
        }
        guard let after = try await ledger.action(id: id) else { throw Problem(.notFound, title: "Not found", detail: "action '\(id)' vanished", field: "id") }
        return StoredResponse(status: 200, contentType: "application/json", body: APIJSON.text(APIJSON.action(after)))
    }
}

/// `Idempotency-Key` on a POST: the first request with a key acts and its answer is kept; a
/// repeat gets that answer again (with `Idempotent-Replayed: true`) and acts on nothing.
/// Refusals (4xx) are answers too; a server error frees the key so the client can retry.
struct Idempotency {
    let store: any AccessStore

    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    /// Long enough for a UUID or a client's own composite key; bounded so no one stores essays.
    static let maximumKeyLength = 255

    func run(_ request: Request, principal: Principal, act: () async throws -> StoredResponse) async throws -> Response {
        guard let key = request.headers[Self.header] else { return Self.response(try await answer(act)) }
        guard (1...Self.maximumKeyLength).contains(key.count) else {
            throw Problem.invalid("Idempotency-Key", "Idempotency-Key must be 1 to \(Self.maximumKeyLength) characters")
        }
        let fingerprint = "\(request.method) \(request.uri.path)"
        switch try await store.reserveIdempotency(key: key, principal: principal.idempotencyScope, fingerprint: fingerprint,
                                                  now: AccessService.instant(Date())) {
        case .replay(let first):
            var response = Self.response(first)
            response.headers[Self.replayedHeader] = "true"
            return response
        case .inProgress:
            throw Problem(.conflict, title: "Conflict", detail: "a request with Idempotency-Key '\(key)' is still being handled; repeat it in a moment", field: "Idempotency-Key")
        case .mismatch(let why):
            throw Problem(.unprocessableContent, title: "Idempotency-Key reused", detail: why, field: "Idempotency-Key")
        case .reserved:
            do {
                let first = try await answer(act)
                try await store.completeIdempotency(key: key, principal: principal.idempotencyScope, response: first)
                return Self.response(first)
            } catch {
                try? await store.releaseIdempotency(key: key, principal: principal.idempotencyScope)
                throw error
            }
        }
    }

    /// The action's answer, a refusal included; server errors are thrown, not kept.
    private func answer(_ act: () async throws -> StoredResponse) async throws -> StoredResponse {
        do {
            return try await act()
        } catch let problem as Problem where problem.status.code < 500 {
            return StoredResponse(status: Int(problem.status.code), contentType: "application/problem+json", body: problem.body)
        }
    }

    static func response(_ stored: StoredResponse) -> Response {
        Response(status: HTTPResponse.Status(code: stored.status), headers: [.contentType: stored.contentType],
                 body: .init(byteBuffer: ByteBuffer(string: stored.body)))
    }
}
