import ARAgent
import ARServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
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

    /// Every field `schema` requires is in `object`.
    static func expectFields(_ object: [String: Any], _ schema: String, in document: [String: Any], _ where_: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let fields = required(schema, in: document)
        #expect(!fields.isEmpty, "\(schema) documents no required field", sourceLocation: sourceLocation)
        for field in fields { #expect(object.keys.contains(field), "\(where_): \(schema).\(field)", sourceLocation: sourceLocation) }
    }

    @Test("the collector's routes (review items, promises, disputes, holds, metrics, imports) answer every documented required field")
    func workbenchAnswersCarryDocumentedFields() async throws {
        try await ServerFixture.with { fixture, client in
            let document = try await Self.document(client)
            let invoices = try await APIWorkbenchTests.openInvoices(fixture)
            let line = try await APIWorkbenchTests.reviewLine(fixture, paying: invoices[0], key: "T-DOC")
            func get(_ uri: String) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: .get, headers: fixture.bearer(.viewer)) { response in
                    #expect(response.status == .ok, "\(uri)")
                    return response.json
                }
            }
            func post(_ uri: String, _ role: Role, _ body: String) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: .post, headers: fixture.bearer(role), body: ByteBuffer(string: body)) { $0.json }
            }
            let page = try await get("/api/v1/review-items")
            Self.expectFields(page, "ReviewItemPage", in: document, "review-items")
            let item = try #require((page["items"] as? [[String: Any]])?.first)
            Self.expectFields(item, "ReviewItem", in: document, "review-items")
            Self.expectFields(try #require((item["suggestions"] as? [[String: Any]])?.first), "Suggestion", in: document, "review-items")
            let accepted = try await post("/api/v1/review-items/\(line.id)/accept", .collector, #"{"suggestion": 1}"#)
            Self.expectFields(accepted, "ReviewItem", in: document, "accept")
            Self.expectFields(try #require((accepted["allocations"] as? [[String: Any]])?.first), "Allocation", in: document, "accept")

            let promised = try await post("/api/v1/promises", .collector, #"{"invoice": "\#(invoices[1].number)", "date": "2026-12-15"}"#)
            Self.expectFields(promised, "PromiseCreated", in: document, "promise")
            Self.expectFields(try #require(promised["promise"] as? [String: Any]), "Promise", in: document, "promise")
            let promises = try await get("/api/v1/promises")
            Self.expectFields(promises, "PromisePage", in: document, "promises")
            Self.expectFields(try #require((promises["items"] as? [[String: Any]])?.first), "Promise", in: document, "promises")

            Self.expectFields(try await post("/api/v1/disputes", .collector, #"{"invoice": "\#(invoices[2].number)", "type": "quality"}"#), "Dispute", in: document, "dispute")
            let disputes = try await get("/api/v1/disputes")
            Self.expectFields(disputes, "DisputePage", in: document, "disputes")
            Self.expectFields(try #require((disputes["items"] as? [[String: Any]])?.first), "Dispute", in: document, "disputes")

            Self.expectFields(try await post("/api/v1/holds", .approver, #"{"invoice": "\#(invoices[3].number)", "reason": "credit review"}"#), "Hold", in: document, "hold")
            let holds = try await get("/api/v1/holds")
            Self.expectFields(holds, "HoldPage", in: document, "holds")
            Self.expectFields(try #require((holds["items"] as? [[String: Any]])?.first), "Hold", in: document, "holds")
            Self.expectFields(try await post("/api/v1/holds/release", .approver, #"{"invoice": "\#(invoices[3].number)"}"#), "Hold", in: document, "release")

            let metrics = try await get("/api/v1/reports/metrics?from=2026-11-01&to=2026-11-30")
            Self.expectFields(metrics, "MetricsReport", in: document, "metrics")
            Self.expectFields(try #require((metrics["currencies"] as? [[String: Any]])?.first), "Metrics", in: document, "metrics")

            Self.expectFields(try await post("/api/v1/imports/customers", .collector, "customer_id,name\nC-DOC,Documented\n"), "ImportReport", in: document, "import")
            let statement = "transaction_id,booking_date,value_date,amount,currency,payer_name,payer_account,remittance\nDOC-1,,2026-11-30,1.00,USD,,,\n"
            Self.expectFields(try await post("/api/v1/imports/statement", .collector, statement), "StatementImportReport", in: document, "statement")
            let rejected = try await post("/api/v1/imports/customers", .collector, "customer_id,name\n,No id\n")
            Self.expectFields(rejected, "Problem", in: document, "rejected import")
            let errors = try #require(rejected["errors"] as? [[String: Any]])
            let problemSchema = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?["Problem"] as? [String: Any]
            let itemRequired = (((problemSchema?["properties"] as? [String: Any])?["errors"] as? [String: Any])?["items"] as? [String: Any])?["required"] as? [String] ?? []
            #expect(!itemRequired.isEmpty)
            for field in itemRequired { #expect(errors.first?.keys.contains(field) == true, "errors[].\(field)") }
        }
    }
}
