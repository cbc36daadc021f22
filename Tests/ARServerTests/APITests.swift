import ARAgent
import ARBootstrap
import ARCore
import ARServer
import ARStore
import ARTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Operations endpoints")
struct OperationsTests {
    @Test("health and ready answer JSON; metrics count requests by route")
    func healthReadyMetrics() async throws {
        try await ServerFixture.with { _, client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.json["status"] as? String == "ok")
            }
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "ready")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                // The two requests before this one, by route.
                #expect(response.text.contains("http_server_request_duration"))
                #expect(response.text.contains("/health"))
            }
        }
    }

    @Test("ready answers 503 on a database that is not migrated", arguments: TestEnvironment.engines)
    func notReadyUnmigrated(engine: DatabaseEngine) async throws {
        let location = try await TestEnvironment.freshDatabaseLocation(engine)
        let database = try await Database.open(location, migrate: false)
        let store = SQLLedgerStore(database: database)
        let services = ServerServices(access: AccessService(store: store, hasher: BcryptHasher(cost: 4)), ledger: store,
                                      metrics: ServerFixture.registry, publicURL: nil, today: { ServerFixture.asOf })
        do {
            try await Application(router: ServerApp.router(services), logger: quietLogger).test(.router) { client in
                try await client.execute(uri: "/ready", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.json["status"] as? String == "not_ready")
                }
                try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

@Suite("API access control")
struct APIAccessTests {
    @Test("every API route refuses an anonymous request, or a token it does not know, with 401 problem+json")
    func anonymousRefused() async throws {
        try await ServerFixture.with { fixture, client in
            let router = ServerApp.router(fixture.services)
            let routes = router.routes.filter { "\($0.path)".hasPrefix("/api/") }
            #expect(routes.count >= 6)
            for route in routes {
                let uri = "\(route.path)".replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: ":id", with: "x")
                for headers: HTTPFields in [[:], [.authorization: "Bearer arat_not-a-token"], [.authorization: "Basic YWRtaW46YWRtaW4="]] {
                    try await client.execute(uri: uri, method: route.method, headers: headers) { response in
                        #expect(response.status == .unauthorized, "\(route.method) \(uri) with \(headers)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    }
                }
            }
        }
    }

    @Test("a viewer or collector token cannot approve or reject: 403, and the action stays proposed")
    func wrongRoleForbidden() async throws {
        try await ServerFixture.with { fixture, client in
            let action = try await fixture.proposedAction()
            for role in [Role.viewer, .collector] {
                for verb in ["approve", "reject"] {
                    try await client.execute(uri: "/api/v1/actions/\(encodedID(action.action.id))/\(verb)", method: .post, headers: fixture.bearer(role)) { response in
                        #expect(response.status == .forbidden)
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect((response.json["detail"] as? String)?.contains("approver") == true)
                    }
                }
            }
            #expect(try await fixture.store.action(id: action.action.id)?.status == .proposed)
            // Reading is the viewer's right.
            try await client.execute(uri: "/api/v1/actions?status=proposed", method: .get, headers: fixture.bearer(.viewer)) { #expect($0.status == .ok) }
        }
    }

    @Test("a bad parameter is a problem+json naming the field")
    func problemNamesField() async throws {
        try await ServerFixture.with { fixture, client in
            for (uri, field) in [("/api/v1/invoices?status=overdue", "status"), ("/api/v1/invoices?limit=0", "limit"),
                                 ("/api/v1/invoices?cursor=%25%25", "cursor"), ("/api/v1/actions?status=done", "status"),
                                 ("/api/v1/reports/aging?as_of=yesterday", "as_of")] {
                try await client.execute(uri: uri, method: .get, headers: fixture.bearer(.viewer)) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.json["field"] as? String == field, "\(uri)")
                    #expect(response.json["status"] as? Int == 400)
                }
            }
            try await client.execute(uri: "/api/v1/actions/\(encodedID("no/such/action"))/approve", method: .post, headers: fixture.bearer(.approver)) { response in
                #expect(response.status == .notFound)
                #expect(response.json["field"] as? String == "id")
            }
        }
    }
}

@Suite("API behaviour")
struct APIBehaviourTests {
    @Test("the invoice cursor walks every open invoice exactly once, in pages", arguments: TestEnvironment.engines)
    func paginationWalksAll(engine: DatabaseEngine) async throws {
        try await ServerFixture.with(engine) { fixture, client in
            let expected = try await fixture.store.invoices().filter { $0.status == .open }.map(\.number.rawValue)
            #expect(expected.count > 14)
            var seen: [String] = [], cursor: String?, pages = 0
            repeat {
                let uri = "/api/v1/invoices?status=open&limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.execute(uri: uri, method: .get, headers: fixture.bearer(.viewer)) { $0.json }
                let items = page["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 7)
                seen += items.compactMap { $0["invoice_number"] as? String }
                #expect(items.allSatisfy { $0["status"] as? String == "open" })
                cursor = page["next"] as? String
                #expect(page.keys.contains("next"))
                pages += 1
            } while cursor != nil && pages < 100
            #expect(seen.count == expected.count)
            #expect(Set(seen) == Set(expected))
            #expect(Set(seen).count == seen.count, "no invoice twice")
        }
    }

    @Test("an Idempotency-Key repeat answers the first answer and does not act twice", arguments: TestEnvironment.engines)
    func idempotentApprove(engine: DatabaseEngine) async throws {
        try await ServerFixture.with(engine) { fixture, client in
            let action = try await fixture.proposedAction()
            let uri = "/api/v1/actions/\(encodedID(action.action.id))/approve"
            let headers = fixture.bearer(.approver, [HTTPField.Name("Idempotency-Key")!: "k-1", .contentType: "application/json"])
            let first = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: #"{"note":"checked"}"#)) { $0 }
            #expect(first.status == .ok)
            #expect(first.json["status"] as? String == "approved")
            #expect(first.json["decided_by"] as? String == "token:t-approver")
            let again = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: #"{"note":"checked"}"#)) { $0 }
            #expect(again.status == .ok)
            #expect(again.text == first.text)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            // Without the key, a second approval is refused: the first one did act.
            try await client.execute(uri: uri, method: .post, headers: fixture.bearer(.approver)) { #expect($0.status == .conflict) }
            let approvals = try await fixture.store.auditLog(limit: 1000).filter {
                $0.event.entity == .action && $0.event.entityID == action.action.id && $0.event.action == "approved"
            }
            #expect(approvals.count == 1)
            // The same key on another route is a mistake, said so.
            let rejectURI = "/api/v1/actions/\(encodedID(action.action.id))/reject"
            try await client.execute(uri: rejectURI, method: .post, headers: headers) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.json["field"] as? String == "Idempotency-Key")
            }
            #expect(try await fixture.store.action(id: action.action.id)?.status == .approved)
        }
    }

    @Test("customers, actions and the aging report answer with their documented fields")
    func listsAndAging() async throws {
        try await ServerFixture.with { fixture, client in
            let customers = try await client.execute(uri: "/api/v1/customers?limit=1000", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            #expect((customers["items"] as? [Any])?.count == 12)
            #expect(customers["next"] is NSNull)
            let aging = try await client.execute(uri: "/api/v1/reports/aging?as_of=2026-11-30", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            #expect(aging["as_of"] as? String == "2026-11-30")
            let report = try await fixture.store.agingReport(asOf: ServerFixture.asOf)
            let totals = aging["totals"] as? [[String: Any]] ?? []
            #expect(totals.map { $0["total"] as? String } == report.totals.map { $0.total.decimalString })
        }
    }
}
