import ARAgent
import ARCore
import ARServer
import ARStore
import ARTestSupport
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The customer's side, through the real router on both engines: the portal opened from the
/// link in a composed message, what a customer does there, and the tracking links.
@Suite("The customer portal and the tracking links")
struct PortalTests {
    static let browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

    /// A message as delivery would compose it for the first proposed action, with the company profile of the demo.
    static func message(_ fixture: ServerFixture) async throws -> (action: StoredAction, customer: Customer, invoices: [Invoice], text: String) {
        try await fixture.store.setCompanyProfile(DemoProfile.profile, actor: "test")
        let action = try await fixture.proposedAction()
        let customer = try #require(try await fixture.store.customers(ids: [action.action.customerID])[action.action.customerID])
        let wanted = Set(action.action.invoices)
        let invoices = try await fixture.store.invoices().filter { wanted.contains($0.number) }
        var settings = MessageSettings()
        settings.profile = try await fixture.store.companyProfile()
        let composer = MessageComposer(renderer: try ReminderRenderer(), settings: settings, signingKey: try await fixture.store.signingKey())
        let message = try composer.compose(action.action, customer: customer, invoices: invoices, asOf: ServerFixture.asOf,
                                           now: Int64(Date().timeIntervalSince1970))
        return (action, customer, invoices, message.text + "\n" + message.html)
    }

    /// The path of the first link in `text` under `prefix` (`/portal/`, `/c/`, `/t/`).
    static func link(_ prefix: String, in text: String) throws -> String {
        let range = try #require(text.range(of: "http://localhost:8080" + prefix))
        let token = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        return prefix + token
    }

    static func key(_ fixture: ServerFixture) async throws -> SymmetricKey { SymmetricKey(data: try await fixture.store.signingKey()) }

    @Test("the link in a message opens its customer's open invoices and the bank instructions; the visit is a signal", arguments: TestEnvironment.engines)
    func portalFromMessage(engine: DatabaseEngine) async throws {
        try await ServerFixture.with(engine) { fixture, client in
            let (action, customer, _, text) = try await Self.message(fixture)
            #expect(text.contains("Or pay by bank transfer"), "the message names how to pay")
            let portal = try Self.link("/portal/", in: text)
            let page = try await client.execute(uri: portal, method: .get, headers: [.userAgent: Self.browser]) { $0 }
            #expect(page.status == .ok)
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            let open = try await fixture.store.openInvoices(customer: customer.id)
            #expect(!open.isEmpty)
            for invoice in open { #expect(page.text.contains(invoice.number.rawValue)) }
            let currency = try #require(open.first?.openAmount.currency)
            let bank = try #require(DemoProfile.profile.instruction(for: currency))
            #expect(page.text.contains(bank.bankName))
            // Nothing of another customer.
            let others = try await fixture.store.invoices().filter { $0.customerID != customer.id && $0.openAmount.isPositive }
            #expect(others.allSatisfy { !page.text.contains(">\($0.number.rawValue)<") })
            let signals = try await fixture.store.signals(customer: customer.id, limit: 10)
            #expect(signals.map(\.kind) == [.portalView])
            #expect(signals.first?.actionID == action.action.id && signals.first?.isPersons == true)
            // A reload within minutes is the same visit.
            _ = try await client.execute(uri: portal, method: .get, headers: [.userAgent: Self.browser]) { $0 }
            #expect(try await fixture.store.signals(customer: customer.id, limit: 10).count == 1)
            let csv = try await client.execute(uri: portal + "/statement.csv", method: .get) { $0 }
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("invoice_number,issue_date,due_date,currency,amount,open_amount,days_overdue\r\n"))
            #expect(csv.text.split(separator: "\r\n").count == open.count + 1)
        }
    }

    @Test("a changed, expired, withdrawn or wrong-purpose token gets a plain refusal and no data")
    func refusals() async throws {
        try await ServerFixture.with { fixture, client in
            let (action, customer, invoices, text) = try await Self.message(fixture)
            let portal = try Self.link("/portal/", in: text)
            let token = String(portal.dropFirst("/portal/".count))
            let key = try await Self.key(fixture)
            // One character of the payload changed: the signature no longer matches.
            var tampered = Array(token)
            tampered[3] = tampered[3] == "A" ? "B" : "A"
            let expired = TrackingToken(actionID: action.action.id, purpose: .portal, expires: Int64(Date().timeIntervalSince1970) - 60).signed(with: key)
            let pixelToken = try Self.link("/t/", in: text).dropFirst(3)
            let forged = TrackingToken(actionID: action.action.id, purpose: .portal, expires: Int64(Date().timeIntervalSince1970) + 600)
                .signed(with: SymmetricKey(data: [UInt8](repeating: 7, count: 32)))
            for (bad, status) in [(String(tampered), HTTPResponse.Status.forbidden), (expired, .gone), (String(pixelToken), .forbidden), (forged, .forbidden)] {
                let page = try await client.execute(uri: "/portal/" + bad, method: .get) { $0 }
                #expect(page.status == status)
                #expect(!page.text.contains(customer.name) && invoices.allSatisfy { !page.text.contains($0.number.rawValue) })
            }
            #expect(try await client.execute(uri: portal, method: .get) { $0 }.status == .ok)
            try await fixture.store.revokePortal(customer: customer.id, actor: "test")
            let withdrawn = try await client.execute(uri: portal, method: .get) { $0 }
            #expect(withdrawn.status == .forbidden)
            #expect(withdrawn.text.contains("withdrawn") && !withdrawn.text.contains(customer.name))
            let promise = try await client.execute(uri: portal + "/promise", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                   body: .form(["invoice": invoices[0].number.rawValue, "date": "2026-12-05"])) { $0 }
            #expect(promise.status == .forbidden)
            #expect(try await fixture.store.promises(status: nil).isEmpty)
        }
    }

    @Test("a promise on the portal is recorded, leaves the next cycle's plan and shows on the workbench timeline; limits are the policy's",
          arguments: TestEnvironment.engines)
    func promise(engine: DatabaseEngine) async throws {
        try await ServerFixture.with(engine) { fixture, client in
            let (_, customer, _, text) = try await Self.message(fixture)
            let portal = try Self.link("/portal/", in: text)
            let open = try await fixture.store.openInvoices(customer: customer.id)
            let invoice = try #require(open.first)
            let form = [.contentType: "application/x-www-form-urlencoded"] as HTTPFields
            // Too far ahead, and another customer's invoice: refused on the page, nothing recorded.
            let far = try await client.execute(uri: portal + "/promise", method: .post, headers: form,
                                               body: .form(["invoice": invoice.number.rawValue, "date": "2027-03-01"])) { $0 }
            #expect(far.status == .unprocessableContent && far.text.contains("at most 30 days"))
            let other = try #require(try await fixture.store.invoices().first { $0.customerID != customer.id && $0.openAmount.isPositive })
            let foreign = try await client.execute(uri: portal + "/promise", method: .post, headers: form,
                                                   body: .form(["invoice": other.number.rawValue, "date": "2026-12-10"])) { $0 }
            #expect(foreign.status == .unprocessableContent && foreign.text.contains("not one of your open invoices"))
            #expect(try await fixture.store.promises(status: nil).isEmpty)
            let done = try await client.execute(uri: portal + "/promise", method: .post, headers: form,
                                                body: .form(["invoice": invoice.number.rawValue, "date": "2026-12-10"])) { $0 }
            #expect(done.status == .seeOther)
            #expect(done.headers[.location]?.hasSuffix("?done=promised") == true)
            let promises = try await fixture.store.promises(status: .open)
            #expect(promises.map(\.invoice) == [invoice.number])
            #expect(promises.first?.createdBy == "portal:\(customer.id.rawValue)" && promises.first?.promisedDate.iso == "2026-12-10")
            // The next day's plan leaves the promised invoice alone.
            let plan = try await CollectionsService(store: fixture.store).runCycle(asOf: ServerFixture.asOf.adding(days: 1), dryRun: true)
            #expect(plan.actions.allSatisfy { !$0.action.invoices.contains(invoice.number) })
            // The collector sees it on the customer's timeline.
            let (cookie, _) = try await PageTests.signIn(.viewer, client)
            let page = try await client.execute(uri: "/customers/\(encodedID(customer.id.rawValue))", method: .get, headers: [.cookie: cookie]) { $0 }
            #expect(page.text.contains("Customer: promise"))
            #expect(page.text.contains("promised to pay in full"))
        }
    }

    static func multipart(_ fields: [(name: String, filename: String?, body: [UInt8])]) -> ByteBuffer {
        var bytes: [UInt8] = []
        for field in fields {
            bytes += Array("--b0undary\r\nContent-Disposition: form-data; name=\"\(field.name)\"\(field.filename.map { "; filename=\"\($0)\"" } ?? "")\r\n".utf8)
            if field.filename != nil { bytes += Array("Content-Type: application/pdf\r\n".utf8) }
            bytes += Array("\r\n".utf8) + field.body + Array("\r\n".utf8)
        }
        bytes += Array("--b0undary--\r\n".utf8)
        return ByteBuffer(bytes: bytes)
    }

    @Test("a dispute with a file: the invoice is disputed, the file is on the workbench as a download, a disguised file is refused",
          arguments: TestEnvironment.engines)
    func dispute(engine: DatabaseEngine) async throws {
        try await ServerFixture.with(engine) { fixture, client in
            let (_, customer, _, text) = try await Self.message(fixture)
            let portal = try Self.link("/portal/", in: text)
            let invoice = try #require(try await fixture.store.openInvoices(customer: customer.id).first { !$0.isDisputed })
            let headers = [.contentType: "multipart/form-data; boundary=b0undary"] as HTTPFields
            let disguised = try await client.execute(uri: portal + "/dispute", method: .post, headers: headers, body: Self.multipart([
                ("invoice", nil, Array(invoice.number.rawValue.utf8)), ("type", nil, Array("not_received".utf8)),
                ("file", "delivery.pdf", Array("<script>alert(1)</script>".utf8)),
            ])) { $0 }
            #expect(disguised.status == .unprocessableContent && disguised.text.contains("is not a PDF"))
            #expect(try await fixture.store.disputes(status: nil).allSatisfy { $0.invoice != invoice.number })
            let pdf = Array("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)
            let done = try await client.execute(uri: portal + "/dispute", method: .post, headers: headers, body: Self.multipart([
                ("invoice", nil, Array(invoice.number.rawValue.utf8)), ("type", nil, Array("not_received".utf8)),
                ("comment", nil, Array("The pallet never arrived.".utf8)), ("file", "../../etc/delivery note.pdf", pdf),
            ])) { $0 }
            #expect(done.status == .seeOther, "\(done.text)")
            let disputes = try await fixture.store.disputes(status: .open).filter { $0.invoice == invoice.number }
            #expect(disputes.map(\.invoice) == [invoice.number] && disputes.first?.type == "not_received")
            let files = try await fixture.store.attachments(customer: customer.id)
            #expect(files.map(\.filename) == ["delivery note.pdf"] && files.first?.contentType == "application/pdf" && files.first?.size == pdf.count)
            let id = try #require(files.first?.id)
            #expect(id.count == 32, "a random 128-bit id")
            let (cookie, _) = try await PageTests.signIn(.viewer, client)
            let page = try await client.execute(uri: "/customers/\(encodedID(customer.id.rawValue))", method: .get, headers: [.cookie: cookie]) { $0 }
            #expect(page.text.contains("delivery note.pdf") && page.text.contains("/attachments/\(id)"))
            #expect(page.text.contains("The pallet never arrived."))
            let download = try await client.execute(uri: "/attachments/\(id)", method: .get, headers: [.cookie: cookie]) { $0 }
            #expect(download.status == .ok && Array(buffer: download.body) == pdf)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(download.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            let anonymous = try await client.execute(uri: "/attachments/\(id)", method: .get) { $0 }
            #expect(anonymous.status == .found && anonymous.headers[.location] == "/login")
        }
    }

    @Test("the open image records one open per message and kind of visitor; a privacy proxy is recorded but flagged; a bad token records nothing",
          arguments: TestEnvironment.engines)
    func pixel(engine: DatabaseEngine) async throws {
        try await ServerFixture.with(engine) { fixture, client in
            let (action, customer, _, text) = try await Self.message(fixture)
            let pixel = try Self.link("/t/", in: text)
            for _ in 0..<3 {
                let image = try await client.execute(uri: pixel, method: .get, headers: [.userAgent: Self.browser]) { $0 }
                #expect(image.status == .ok && image.headers[.contentType] == "image/gif" && image.body.readableBytes == 43)
            }
            _ = try await client.execute(uri: pixel, method: .get, headers: [.userAgent: "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"]) { $0 }
            _ = try await client.execute(uri: pixel, method: .get, headers: [.userAgent: "Mozilla/5.0 (via ggpht.com GoogleImageProxy)"]) { $0 }
            let bad = try await client.execute(uri: pixel + "x", method: .get, headers: [.userAgent: Self.browser]) { $0 }
            #expect(bad.status == .ok && bad.headers[.contentType] == "image/gif")
            let opens = try await fixture.store.signals(customer: customer.id, limit: 10).filter { $0.kind == .open }
            #expect(opens.count == 2)
            #expect(opens.filter(\.isPersons).count == 1)
            #expect(opens.first { !$0.isPersons }?.automatedReason?.contains("privacy proxy") == true)
            #expect(opens.allSatisfy { $0.actionID == action.action.id })
            let audit = try await fixture.store.auditLog(limit: 50).filter { $0.event.action == "signal:open" }
            #expect(audit.count == 2)
        }
    }

    @Test("a tracked link redirects only to the URL its token was signed for; a link scanner's click is flagged; the payment link leads to pay")
    func click() async throws {
        try await ServerFixture.with { fixture, client in
            let (action, customer, invoices, text) = try await Self.message(fixture)
            let currency = invoices[0].openAmount.currency
            let followed: TestResponse
            if DemoProfile.profile.instruction(for: currency)?.paymentURL != nil {
                followed = try await client.execute(uri: try Self.link("/c/", in: text), method: .get, headers: [.userAgent: Self.browser]) { $0 }
                #expect(followed.headers[.location]?.hasPrefix("https://pay.northwind.example/checkout?client_reference_id=") == true)
                #expect(invoices.allSatisfy { followed.headers[.location]?.contains($0.number.rawValue) == true })
            } else {
                followed = try await client.execute(uri: try Self.link("/pay/", in: text), method: .get, headers: [.userAgent: Self.browser]) { $0 }
                let target = try #require(followed.headers[.location])
                #expect(target.hasPrefix("/portal/") && target.hasSuffix("#pay"))
                let portal = try await client.execute(uri: String(target.dropLast(4)), method: .get) { $0 }
                #expect(portal.status == .ok && portal.text.contains("id=\"pay\"") && invoices.allSatisfy { portal.text.contains($0.number.rawValue) })
            }
            #expect(followed.status == .found)
            // A tracked link signed for one URL; the same signature on another target is refused, with no Location.
            let key = try await Self.key(fixture)
            let expires = Int64(Date().timeIntervalSince1970) + 600
            let good = TrackingToken(actionID: action.action.id, purpose: .redirect, expires: expires, target: "https://pay.example/ok").signed(with: key)
            let ok = try await client.execute(uri: "/c/" + good, method: .get, headers: [.userAgent: Self.browser]) { $0 }
            #expect(ok.status == .found && ok.headers[.location] == "https://pay.example/ok")
            let evil = TrackingToken(actionID: action.action.id, purpose: .redirect, expires: expires, target: "https://evil.example/")
                .signed(with: key).split(separator: ".")[0] + "." + good.split(separator: ".")[1]
            let refused = try await client.execute(uri: "/c/" + evil, method: .get, headers: [.userAgent: Self.browser]) { $0 }
            #expect(refused.status == .forbidden && refused.headers[.location] == nil)
            _ = try await client.execute(uri: "/c/" + good, method: .get, headers: [.userAgent: "Mozilla/5.0 (compatible; Barracuda Sentinel)"]) { $0 }
            _ = try await client.execute(uri: "/c/" + good, method: .head, headers: [.userAgent: Self.browser]) { $0 }
            let clicks = try await fixture.store.signals(customer: customer.id, limit: 10).filter { $0.kind == .click }
            #expect(clicks.filter(\.isPersons).count == 2, "the payment link and the tracked link, each once")
            #expect(clicks.filter { !$0.isPersons }.count == 1, "scanners are recorded once, flagged")
        }
    }
}

@Suite("Telling a person's open or click from a machine's")
struct VisitScreeningTests {
    @Test("proxies, scanners, programs, HEAD requests and fetches right after delivery are flagged; a browser later is a person")
    func screening() {
        let browser = PortalTests.browser
        #expect(VisitScreening.automatedReason(userAgent: browser, method: "GET", secondsSinceSent: 3_600) == nil)
        #expect(VisitScreening.automatedReason(userAgent: browser, method: "GET", secondsSinceSent: nil) == nil)
        #expect(VisitScreening.automatedReason(userAgent: browser, method: "GET", secondsSinceSent: 4)?.contains("after delivery") == true)
        #expect(VisitScreening.automatedReason(userAgent: browser, method: "HEAD", secondsSinceSent: nil) != nil)
        #expect(VisitScreening.automatedReason(userAgent: nil, method: "GET", secondsSinceSent: nil) != nil)
        #expect(VisitScreening.automatedReason(userAgent: "YahooMailProxy; https://help.yahoo.com", method: "GET", secondsSinceSent: nil)?.contains("proxy") == true)
        #expect(VisitScreening.automatedReason(userAgent: "python-requests/2.31", method: "GET", secondsSinceSent: nil) != nil)
        // A fragment at the very end, and one that is the whole agent.
        #expect(VisitScreening.automatedReason(userAgent: "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
                                               method: "GET", secondsSinceSent: nil)?.contains("proxy") == true)
        #expect(VisitScreening.automatedReason(userAgent: "CURL/", method: "GET", secondsSinceSent: nil)?.contains("curl/") == true)
        #expect(VisitScreening.automatedReason(userAgent: "Mozilla/5.0 Bo", method: "GET", secondsSinceSent: nil) == nil, "a prefix of a fragment is not the fragment")
    }
}
