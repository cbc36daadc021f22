import ARAgent
import ARServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/openapi.json` is the truth about the API: these hold the hand-written document and the
/// router to each other in both directions, and the real answers to the documented schemas.
@Suite("OpenAPI document")
struct OpenAPIConformanceTests {
    /// The document as served.
    static func document(_ client: some TestClientProtocol) async throws -> [String: Any] {
        try await client.execute(uri: "/openapi.json", method: .get) { response in
            #expect(response.status == .ok)
            return response.json
        }
    }

    @Test("every API route is documented with its method, and every documented operation is a route")
    func routesMatchDocument() async throws {
        try await ServerFixture.with { fixture, client in
            let document = try await Self.document(client)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let routed = Set(ServerApp.router(fixture.services).routes.map { route -> String in
                let path = "\(route.path)".split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                return "\(route.method) /\(path)"
            }.filter { $0.contains(" /api/") || $0.hasSuffix(" /health") || $0.hasSuffix(" /ready") })
            #expect(!routed.isEmpty)
            #expect(routed.subtracting(documented).isEmpty, "routes missing from the document: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        }
    }

    /// The `required` fields of a schema of the document.
    static func required(_ schema: String, in document: [String: Any]) -> [String] {
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
        return schemas[schema]?["required"] as? [String] ?? []
    }

    @Test("the answers carry every field their schema requires")
    func answersCarryDocumentedFields() async throws {
        try await ServerFixture.with { fixture, client in
            let document = try await Self.document(client)
            let action = try await fixture.proposedAction()
            for (uri, page, item) in [("/api/v1/invoices?status=open", "InvoicePage", "Invoice"), ("/api/v1/customers", "CustomerPage", "Customer"),
                                      ("/api/v1/actions?status=proposed", "ActionPage", "Action")] {
                let answer = try await client.execute(uri: uri, method: .get, headers: fixture.bearer(.viewer)) { $0.json }
                for field in Self.required(page, in: document) { #expect(answer.keys.contains(field), "\(uri): \(field)") }
                let items = answer["items"] as? [[String: Any]] ?? []
                #expect(!items.isEmpty, "\(uri)")
                let fields = Self.required(item, in: document)
                #expect(!fields.isEmpty)
                for entry in items { for field in fields { #expect(entry.keys.contains(field), "\(uri): \(field)") } }
            }
            // CONTRACTS.md's minimum for an invoice.
            for field in ["invoice_number", "customer_id", "currency", "amount", "open_amount", "due_date"] {
                #expect(Self.required("Invoice", in: document).contains(field))
            }
            let aging = try await client.execute(uri: "/api/v1/reports/aging", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            for field in Self.required("AgingReport", in: document) { #expect(aging.keys.contains(field)) }
            for row in (aging["totals"] as? [[String: Any]] ?? []) { for field in Self.required("AgingRow", in: document) { #expect(row.keys.contains(field)) } }
            let decided = try await client.execute(uri: "/api/v1/actions/\(encodedID(action.action.id))/reject", method: .post,
                                                   headers: fixture.bearer(.admin)) { $0 }
            #expect(decided.status == .ok)
            for field in Self.required("Action", in: document) { #expect(decided.json.keys.contains(field)) }
            let refused = try await client.execute(uri: "/api/v1/invoices?status=x", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            for field in Self.required("Problem", in: document) { #expect(refused.keys.contains(field)) }
        }
    }
}
