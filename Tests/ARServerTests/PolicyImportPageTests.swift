import ARAgent
import ARCore
@testable import ARServer
import ARStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The policy page (an error named at its line, a preview before activation, admins only) and
/// imports by upload (all or nothing, every bad row named).
@Suite("Policy and imports pages")
struct PolicyImportPageTests {
    func post(_ uri: String, _ cookie: String, _ fields: [String: String], _ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                 body: .form(fields)) { $0 }
    }

    static let boundary = "----aragent-test-7f3a"

    static func multipart(_ fields: [(name: String, filename: String?, body: String)]) -> ByteBuffer {
        var text = ""
        for field in fields {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\(field.filename.map { "; filename=\"\($0)\"" } ?? "")\r\n"
            if field.filename != nil { text += "Content-Type: text/csv\r\n" }
            text += "\r\n\(field.body)\r\n"
        }
        return ByteBuffer(string: text + "--\(boundary)--\r\n")
    }

    func upload(_ cookie: String, csrf: String, kind: String, file: String, name: String = "invoices.csv", _ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: "/imports", method: .post,
                                 headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(Self.boundary)"],
                                 body: Self.multipart([("csrf", nil, csrf), ("kind", nil, kind), ("file", name, file)])) { $0 }
    }

    @Test("an edited policy with an error is named at its line and not activated; a good one is previewed, then activated by an admin only")
    func policyEditing() async throws {
        try await ServerFixture.with { fixture, client in
            let (cookie, csrf) = try await PageTests.signIn(.admin, client)
            let shown = try await client.execute(uri: "/policy", method: .get, headers: [.cookie: cookie]) { $0 }
            #expect(shown.status == .ok)
            // The fixture runs on the default policy, never activated.
            #expect(try await fixture.store.activePolicy()?.body == nil)
            let good = DunningPolicyFile.render(DunningPolicy())
            #expect(shown.text.contains("version = &quot;") || shown.text.contains("version = \""))
            // Line 3 of the file gets a key the policy does not know.
            var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.insert("shaddow_mode = true", at: 2)
            let bad = try await post("/policy/preview", cookie, ["csrf": csrf, "policy": lines.joined(separator: "\n")], client)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("policy:3:"), "the error names line 3")
            #expect(bad.text.contains("shaddow_mode"))
            #expect(bad.text.contains("id=\"line-3\" class=\"wrong\""))
            let activatedBad = try await post("/policy/activate", cookie, ["csrf": csrf, "policy": lines.joined(separator: "\n")], client)
            #expect(activatedBad.status == .unprocessableContent)
            #expect(try await fixture.store.activePolicy()?.body == nil, "nothing activated")

            let edited = good.replacingOccurrences(of: "version = \"", with: "version = \"edited-")
            let preview = try await post("/policy/preview", cookie, ["csrf": csrf, "policy": edited], client)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Preview: today&#39;s cycle under version edited-") || preview.text.contains("Preview: today's cycle under version edited-"))
            #expect(try await fixture.store.activePolicy()?.body == nil, "a preview stores nothing")

            let (approver, approverCSRF) = try await PageTests.signIn(.approver, client)
            #expect(try await post("/policy/activate", approver, ["csrf": approverCSRF, "policy": edited], client).status == .forbidden)
            let activated = try await post("/policy/activate", cookie, ["csrf": csrf, "policy": edited], client)
            #expect(activated.status == .seeOther)
            #expect(try await fixture.store.activePolicy()?.policy.version.hasPrefix("edited-") == true)
            #expect(try await fixture.store.auditLog(limit: 20).contains { $0.event.actor == "admin" })
        }
    }

    @Test("an uploaded invoices file with a bad row imports nothing and names the row and field; a good one imports")
    func uploadInvoices() async throws {
        try await ServerFixture.with { fixture, client in
            let (cookie, csrf) = try await PageTests.signIn(.collector, client)
            let customer = try #require(try await fixture.store.customers().first).id
            let before = try await fixture.store.invoices().count
            let bad = """
                invoice_number,customer_id,issue_date,due_date,currency,amount
                UP-1,\(customer),2026-11-01,2026-12-01,USD,100.00
                UP-2,\(customer),2026-11-01,not-a-date,USD,100.00
                UP-3,\(customer),2026-11-01,2026-12-01,USD,12.3.4
                """
            let refused = try await upload(cookie, csrf: csrf, kind: "invoices", file: bad, client)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("invoices.csv:3"), "row 3 named: \(refused.text.suffix(1500))")
            #expect(refused.text.contains("due_date"))
            #expect(refused.text.contains("invoices.csv:4"))
            #expect(refused.text.contains("nothing was imported"))
            #expect(try await fixture.store.invoices().count == before)

            let good = try await upload(cookie, csrf: csrf, kind: "invoices", file: "invoice_number,customer_id,issue_date,due_date,currency,amount\nUP-1,\(customer),2026-11-01,2026-12-01,USD,100.00\n", client)
            #expect(good.status == .ok)
            #expect(good.text.contains("1 new"))
            #expect(try await fixture.store.invoice(InvoiceNumber("UP-1"))?.amount.minorUnits == 10_000)

            // A viewer and a form without its token cannot import.
            let (viewer, viewerCSRF) = try await PageTests.signIn(.viewer, client)
            #expect(try await upload(viewer, csrf: viewerCSRF, kind: "invoices", file: "x", client).status == .forbidden)
            #expect(try await upload(cookie, csrf: "forged", kind: "invoices", file: "x", client).status == .forbidden)
        }
    }

    @Test("an uploaded bank statement is matched as by aragent import statement")
    func uploadStatement() async throws {
        try await ServerFixture.with { fixture, client in
            let (cookie, csrf) = try await PageTests.signIn(.collector, client)
            let invoice = try #require(try await fixture.store.invoices().first { $0.openAmount.isPositive && $0.amount == $0.openAmount })
            let statement = "transaction_id,value_date,amount,currency,payer_name,remittance\nS1,2026-11-29,\(invoice.openAmount.decimalString),\(invoice.openAmount.currency.code),Someone,Invoice \(invoice.number)\n"
            let page = try await upload(cookie, csrf: csrf, kind: "statement", file: statement, name: "../../etc/stmt.csv", client)
            #expect(page.status == .ok)
            #expect(page.text.contains("stmt.csv (csv): 1 credits, 1 new"))
            #expect(!page.text.contains("../"))
            #expect(try await fixture.store.invoice(invoice.number)?.openAmount.minorUnits == 0)
        }
    }

    @Test("the multipart reader finds fields and files, and refuses a body that is cut off")
    func multipartReader() throws {
        let body = Array(String(buffer: Self.multipart([("a", nil, "1"), ("file", "x.csv", "h1,h2\r\nv1,v2\r\n")])).utf8)
        let form = try MultipartForm.parse(body, boundary: Self.boundary)
        #expect(form.part("a")?.text == "1")
        #expect(form.part("file")?.filename == "x.csv")
        #expect(form.part("file")?.text == "h1,h2\r\nv1,v2\r\n")
        #expect((try? MultipartForm.parse(Array(body.prefix(body.count - 30)), boundary: Self.boundary)) == nil)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=\"abc\"") == "abc")
        #expect(MultipartForm.boundary(contentType: "application/x-www-form-urlencoded") == nil)
    }
}

@Suite("Settings page")
struct SettingsPageTests {
    func post(_ uri: String, _ cookie: String, _ fields: [String: String], _ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                 body: .form(fields)) { $0 }
    }

    @Test("an admin adds a person who can then sign in, disables them, and creates an API token shown once; other roles cannot")
    func settings() async throws {
        try await ServerFixture.with { fixture, client in
            let (approver, approverCSRF) = try await PageTests.signIn(.approver, client)
            #expect(try await client.execute(uri: "/settings", method: .get, headers: [.cookie: approver]) { $0.status } == .forbidden)
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: [.cookie: approver]) { $0.text.contains("href=\"/settings\"") } == false)
            #expect(try await post("/settings/tokens", approver, ["csrf": approverCSRF, "name": "x", "role": "admin"], client).status == .forbidden)

            let (admin, csrf) = try await PageTests.signIn(.admin, client)
            let page = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: admin]) { $0 }
            #expect(page.status == .ok && page.text.contains("Company identity"))
            let short = try await post("/settings/users", admin, ["csrf": csrf, "name": "dana", "role": "collector", "password": "short"], client)
            #expect(short.status == .unprocessableContent && short.text.contains("too short"))
            #expect(try await post("/settings/users", admin, ["csrf": csrf, "name": "dana", "role": "collector", "password": "long-enough-1"], client).status == .seeOther)
            #expect(try await fixture.store.user(named: "dana")?.role == .collector)
            #expect(try await fixture.services.access.signIn(name: "dana", password: "long-enough-1", address: "test", now: Date()).session.user == "dana")
            #expect(try await post("/settings/users/dana/disable", admin, ["csrf": csrf], client).status == .seeOther)
            #expect(try await fixture.store.user(named: "dana")?.disabled == true)

            let created = try await post("/settings/tokens", admin, ["csrf": csrf, "name": "erp", "role": "viewer"], client)
            #expect(created.status == .ok)
            let token = try #require(created.text.range(of: "<code class=\"token\">").map { String(created.text[$0.upperBound...].prefix { $0 != "<" }) })
            #expect(try await fixture.services.access.token(token)?.role == .viewer)
            let again = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: admin]) { $0.text }
            #expect(!again.contains(token), "a token is shown once")
        }
    }
}
