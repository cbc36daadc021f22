import ARAgent
import ARCore
import ARServer
import ARStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The workbench pages through the real router: each page answers every role that may see it,
/// shows customer data escaped, and every change needs the session, its CSRF token and the
/// right role, and lands in the ledger.
@Suite("Workbench pages")
struct WorkbenchPageTests {
    static let pages = ["/dashboard", "/worklist", "/approvals", "/cash", "/invoices", "/imports", "/policy", "/audit"]
    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func get(_ uri: String, _ cookie: String, _ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { $0 }
    }

    func post(_ uri: String, _ cookie: String, _ fields: [String: String], _ client: some TestClientProtocol) async throws -> TestResponse {
        var headers = Self.formHeaders
        headers[.cookie] = cookie
        return try await client.execute(uri: uri, method: .post, headers: headers, body: .form(fields)) { $0 }
    }

    /// A customer id that the pages link to, and whose name is the `<script>` one.
    func scriptCustomer(_ fixture: ServerFixture) async throws -> CustomerID {
        try #require(try await fixture.store.customers().first { $0.name == ServerFixture.scriptName }?.id)
    }

    @Test("every page answers each role, lists customer data escaped, and refuses anonymous visitors")
    func pagesPerRole() async throws {
        try await ServerFixture.with { fixture, client in
            let script = try await scriptCustomer(fixture)
            let customerPage = "/customers/\(encodedID(script.rawValue))"
            let invoice = try #require(try await fixture.store.invoices().first { $0.customerID == script })
            let all = Self.pages + [customerPage, "/invoices/\(encodedID(invoice.number.rawValue))"]
            for role in Role.allCases {
                let (cookie, _) = try await PageTests.signIn(role, client)
                for uri in all {
                    let page = try await get(uri, cookie, client)
                    #expect(page.status == .ok, "\(role) \(uri): \(page.status)")
                    #expect(page.text.contains("<h1>"), "\(uri)")
                    #expect(!page.text.contains("<script>alert"), "\(uri) shows customer markup unescaped")
                    #expect(page.text.contains("aria-current") || !WorkbenchPageTests.pages.contains(uri), "\(uri) marks itself in the navigation")
                }
            }
            for uri in all {
                let anonymous = try await client.execute(uri: uri, method: .get) { $0 }
                #expect(anonymous.status == .found && anonymous.headers[.location] == "/login", "\(uri)")
            }
            // The customer's name is on its page, escaped.
            let (cookie, _) = try await PageTests.signIn(.viewer, client)
            #expect(try await get(customerPage, cookie, client).text.contains("&lt;script&gt;alert"))
            #expect(try await get("/customers/NO-SUCH", cookie, client).status == .notFound)
        }
    }

    @Test("the dashboard draws aging and the 12-month trends, and counts what waits")
    func dashboard() async throws {
        try await ServerFixture.with { fixture, client in
            let (cookie, _) = try await PageTests.signIn(.viewer, client)
            let page = try await get("/dashboard", cookie, client).text
            #expect(page.components(separatedBy: "<svg").count - 1 == 5, "one aging chart and four trend charts")
            for title in ["DSO", "Countback DSO", "CEI", "Average days delinquent", "Approvals waiting", "Unapplied cash", "Contact rate", "Disputes by age"] {
                #expect(page.contains(title), "\(title)")
            }
            let proposed = try await fixture.store.actions(status: .proposed)
            #expect(page.contains("<a href=\"/approvals\">\(proposed.count)</a>"))
            // The figures are kept until the ledger changes, and a change shows at once.
            try await fixture.store.decide(actionID: try #require(proposed.first).action.id, approve: true, actor: "jane", note: nil)
            let after = try await get("/dashboard", cookie, client).text
            #expect(after.contains("<a href=\"/approvals\">\(proposed.count - 1)</a>"))
        }
    }

    @Test("the worklist ranks overdue customers with a reason, and filters by segment and currency")
    func worklist() async throws {
        try await ServerFixture.with { fixture, client in
            let (cookie, _) = try await PageTests.signIn(.collector, client)
            let page = try await get("/worklist", cookie, client).text
            let ranked = try await WorkbenchService(store: fixture.store).worklist(asOf: ServerFixture.asOf)
            let first = try #require(ranked.first)
            #expect(page.contains("overdue, the oldest"))
            let firstRow = try #require(page.range(of: "<td>1</td>"))
            #expect(page[firstRow.upperBound...].prefix(400).contains(encodedID(first.customerID.rawValue)))
            let segment = first.segment
            let filtered = try await get("/worklist?segment=\(segment)&currency=\(first.currency.code)", cookie, client).text
            #expect(filtered.contains("\(ranked.filter { $0.segment == segment && $0.currency == first.currency }.count) customer(s)"))
        }
    }

    @Test("a bounced address is a contact to fix on the worklist until the customer's address changes")
    func contactsToFix() async throws {
        try await ServerFixture.with { fixture, client in
            let (cookie, _) = try await PageTests.signIn(.collector, client)
            let customer = try #require(try await fixture.store.customers().first { $0.email != nil })
            let address = try #require(customer.email)
            #expect(!(try await get("/worklist", cookie, client).text.contains("Contacts to fix")))
            try await fixture.store.record(NewSignal(customerID: customer.id, actionID: nil, kind: .bounce, detail: "email to \(address) bounced: status 5.1.1",
                                                     dedupeKey: "bounce:\(address.lowercased())|<m1@test>|\(customer.id.rawValue)"), attachments: [], actor: "test")
            let page = try await get("/worklist", cookie, client).text
            let section = try #require(page.range(of: "id=\"contacts-to-fix\"")).upperBound
            #expect(page[section...].prefix(1_500).contains(encodedID(customer.id.rawValue)) && page.contains(address), "\(page)")
            var fixed = customer
            fixed.email = "new-" + address
            _ = try await fixture.store.store(ImportBatch(kind: .customers, source: "test", sourceFingerprint: "fix", actor: "test", records: .customers([fixed])))
            #expect(!(try await get("/worklist", cookie, client).text.contains("Contacts to fix")))
        }
    }

    @Test("a collector adds a note, a promise and a dispute on the customer page; a viewer and a form without its token cannot")
    func customerActions() async throws {
        try await ServerFixture.with { fixture, client in
            let script = try await scriptCustomer(fixture)
            let base = "/customers/\(encodedID(script.rawValue))"
            let open = try #require(try await fixture.store.invoices().first { $0.customerID == script && $0.openAmount.isPositive })
            let (viewer, viewerCSRF) = try await PageTests.signIn(.viewer, client)
            #expect(try await post("\(base)/note", viewer, ["csrf": viewerCSRF, "text": "sneaky"], client).status == .forbidden)
            let (cookie, csrf) = try await PageTests.signIn(.collector, client)
            #expect(try await post("\(base)/note", cookie, ["text": "no token"], client).status == .forbidden)
            let noted = try await post("\(base)/note", cookie, ["csrf": csrf, "text": "Called <b>Ann</b>: pays Friday"], client)
            #expect(noted.status == .seeOther)
            #expect(noted.headers[.location] == "\(base)?done=noted")
            let page = try await get("\(base)?done=noted", cookie, client).text
            #expect(page.contains("Called &lt;b&gt;Ann&lt;/b&gt;: pays Friday"))
            #expect(page.contains("The note was added."))
            #expect(!page.contains("sneaky") && !page.contains("no token"))

            let promised = try await post("\(base)/promise", cookie, ["csrf": csrf, "invoice": open.number.rawValue,
                                                                   "date": ServerFixture.asOf.advanced(by: 7).iso], client)
            #expect(promised.status == .seeOther)
            #expect(try await fixture.store.promises(status: .open).contains { $0.invoice == open.number })
            // A bad date is named on the page, nothing recorded.
            let bad = try await post("\(base)/promise", cookie, ["csrf": csrf, "invoice": open.number.rawValue, "date": "next friday"], client)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("&#39;next friday&#39; is not a date"))
            let other = try #require(try await fixture.store.invoices().first { $0.customerID != script })
            let foreign = try await post("\(base)/dispute", cookie, ["csrf": csrf, "invoice": other.number.rawValue, "type": DisputeType.namedByPeople[0].rawValue], client)
            #expect(foreign.status == .unprocessableContent)
            #expect(foreign.text.contains("is not one of this customer&#39;s invoices"))
            let disputesBefore = try await fixture.store.disputes(status: .open).count
            let disputed = try await post("\(base)/dispute", cookie, ["csrf": csrf, "invoice": open.number.rawValue,
                                                                   "type": DisputeType.namedByPeople[0].rawValue, "note": "wrong price"], client)
            #expect(disputed.status == .seeOther)
            let disputes = try await fixture.store.disputes(status: .open)
            #expect(disputes.count == disputesBefore + 1)
            #expect(disputes.contains { $0.invoice == open.number && $0.note == "wrong price" && $0.openedBy == "collector" })
            // A hold needs an approver.
            #expect(try await post("\(base)/hold", cookie, ["csrf": csrf, "reason": "credit review"], client).status == .forbidden)
            let (approver, approverCSRF) = try await PageTests.signIn(.approver, client)
            #expect(try await post("\(base)/hold", approver, ["csrf": approverCSRF, "reason": "credit review"], client).status == .seeOther)
            #expect(try await fixture.store.holds(includeReleased: false).map(\.target) == [.customer(script)])
            let audit = try await fixture.store.auditLog(limit: 50).map(\.event)
            #expect(audit.contains { $0.action == "note" && $0.actor == "collector" && $0.details.contains("pays Friday") })
        }
    }

    @Test("accepting a cash-application suggestion on the page applies it: the invoice's open amount falls and the payment is on the customer's timeline")
    func acceptSuggestion() async throws {
        try await ServerFixture.with { fixture, client in
            let invoice = try #require(try await fixture.store.invoices().first { $0.openAmount.minorUnits > 100 })
            let payment = IncomingPayment(id: PaymentID("T-REVIEW"), valueDate: ServerFixture.asOf, amount: invoice.openAmount, payerName: "Somebody <i>Ltd</i>",
                                          remittance: "see attached")
            let stored = try await fixture.store.storeStatement([NewBankTransaction(naturalKey: "t-review", format: "csv", accountID: nil, statementID: nil,
                                                                                    bankReference: "T-REVIEW", bookingDate: nil, payment: payment)],
                                                                 source: "test.csv", fingerprint: "test", actor: "test").stored
            let line = try #require(stored.first)
            let proposal = MatchProposal(allocations: [ProposedAllocation(invoice: invoice.number, customer: invoice.customerID, amount: invoice.openAmount)],
                                         unapplied: Money(minorUnits: 0, currency: invoice.openAmount.currency), confidence: 640,
                                         reasons: ["amount equals the open amount of \(invoice.number)"])
            _ = try await fixture.store.record([(line.id, MatchDecision(payment: payment, outcome: .review, proposals: [proposal], summary: "one candidate, no reference"))],
                                               context: "test", actor: "agent")
            let (viewer, _) = try await PageTests.signIn(.viewer, client)
            let queue = try await get("/cash", viewer, client).text
            #expect(queue.contains("Bank line \(line.id)"))
            #expect(queue.contains("Somebody &lt;i&gt;Ltd&lt;/i&gt;"))
            #expect(queue.contains("amount equals the open amount"))
            #expect(!queue.contains("Accept suggestion"), "a viewer sees no decision buttons")

            let (cookie, csrf) = try await PageTests.signIn(.collector, client)
            #expect(try await post("/cash/\(line.id)/accept", cookie, ["suggestion": "1"], client).status == .forbidden)
            let accepted = try await post("/cash/\(line.id)/accept", cookie, ["csrf": csrf, "suggestion": "1"], client)
            #expect(accepted.status == .seeOther)
            #expect(try await fixture.store.invoice(invoice.number)?.openAmount.minorUnits == 0)
            // Accepting again is refused on the page, with the reason, and changes nothing.
            let again = try await post("/cash/\(line.id)/accept", cookie, ["csrf": csrf, "suggestion": "1"], client)
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("Bank line \(line.id):"))
            let timeline = try await get("/customers/\(encodedID(invoice.customerID.rawValue))", cookie, client).text
            #expect(timeline.contains("applied to \(invoice.number)"))
            #expect(timeline.contains("bank line \(line.id)"))
            // A suggestion for the invoice just paid, made before it was paid, says it no longer applies.
            let late = IncomingPayment(id: PaymentID("T-LATE"), valueDate: ServerFixture.asOf, amount: invoice.openAmount, payerName: "Late Payer")
            let lateLine = try #require(try await fixture.store.storeStatement([NewBankTransaction(naturalKey: "t-late", format: "csv", accountID: nil, statementID: nil,
                                                                                                   bankReference: "T-LATE", bookingDate: nil, payment: late)],
                                                                                source: "late.csv", fingerprint: "late", actor: "test").stored.first)
            _ = try await fixture.store.record([(lateLine.id, MatchDecision(payment: late, outcome: .review, proposals: [proposal], summary: "stale"))],
                                               context: "test", actor: "agent")
            let stale = try await get("/cash", cookie, client).text
            #expect(stale.contains("No longer applies: \(invoice.number) has 0.00 \(invoice.openAmount.currency.code) open now"))
            #expect(!stale.contains("action=\"/cash/\(lateLine.id)/accept\""))
            // The invoice page offers the reversal, coming back to itself.
            let invoicePath = "/invoices/\(encodedID(invoice.number.rawValue))"
            let allocation = try #require(try await fixture.store.allocations(transactionID: line.id).first)
            let invoicePage = try await get(invoicePath, cookie, client).text
            #expect(invoicePage.contains("action=\"/cash/allocations/\(allocation.id)/reverse\""))
            #expect(invoicePage.contains("name=\"back\" value=\"\(invoicePath)\""))
            // A `back` off the site is not followed: the reversal lands on the cash page.
            let reversed = try await post("/cash/allocations/\(allocation.id)/reverse", cookie,
                                          ["csrf": csrf, "reason": "wrong customer", "back": "//evil.example"], client)
            #expect(reversed.status == .seeOther)
            #expect(reversed.headers[.location] == "/cash?done=reversed")
            #expect(try await fixture.store.invoice(invoice.number)?.openAmount == invoice.openAmount)
        }
    }

    @Test("an action's page previews both parts of its message; an approver changes its tone, and decides many at once with a note")
    func approvalDetail() async throws {
        try await ServerFixture.with { fixture, client in
            let proposed = try await fixture.store.actions(status: .proposed).filter { $0.action.channel == .email }
            let first = try #require(proposed.first)
            let (viewer, viewerCSRF) = try await PageTests.signIn(.viewer, client)
            let page = try await get("/approvals/\(encodedID(first.action.id))", viewer, client)
            #expect(page.status == .ok)
            #expect(page.text.contains("<strong>Subject:</strong>"))
            let invoice = try #require(first.action.invoices.first)
            #expect(page.text.contains("class=\"code message-text\">") && page.text.contains(invoice.rawValue))
            #expect(page.text.contains("<iframe class=\"message-html\" sandbox"))
            #expect(page.text.contains("srcdoc=\"&lt;"), "the HTML part is escaped into the frame's attribute")
            #expect(!page.text.contains("<script>alert"))
            #expect(!page.text.contains("/approvals/\(encodedID(first.action.id))/edit"), "a viewer gets no forms")
            #expect(try await post("/approvals/bulk", viewer, ["csrf": viewerCSRF, "decision": "approve", "id": first.action.id], client).status == .forbidden)

            let (cookie, csrf) = try await PageTests.signIn(.approver, client)
            let tone = DunningPolicy.Step.Tone.allCases.first { $0 != first.action.tone }!
            let edited = try await post("/approvals/\(encodedID(first.action.id))/edit", cookie, ["csrf": csrf, "tone": tone.rawValue, "template": first.action.template], client)
            #expect(edited.status == .seeOther)
            #expect(try await fixture.store.action(id: first.action.id)?.action.tone == tone)

            // Two at once, with one note: a form with repeated `id` fields.
            let two = Array(proposed.prefix(2)).map(\.action.id)
            #expect(two.count == 2)
            var headers = Self.formHeaders
            headers[.cookie] = cookie
            let body = ByteBuffer(string: "csrf=\(csrf)&decision=approve&note=checked%20by%20phone&" + two.map { "id=\(encodedID($0))" }.joined(separator: "&"))
            let decided = try await client.execute(uri: "/approvals/bulk", method: .post, headers: headers, body: body) { $0 }
            #expect(decided.status == .seeOther)
            for id in two {
                let action = try #require(try await fixture.store.action(id: id))
                #expect(action.status == .approved)
                #expect(action.decidedBy == "approver")
                #expect(action.note == "checked by phone")
            }
        }
    }

    @Test("the audit log page filters by person")
    func auditFilter() async throws {
        try await ServerFixture.with { fixture, client in
            let script = try await scriptCustomer(fixture)
            try await fixture.store.addNote(customer: script, text: "by zoe", actor: "zoe")
            let (cookie, _) = try await PageTests.signIn(.viewer, client)
            let page = try await get("/audit?actor=zoe", cookie, client).text
            #expect(page.contains("by zoe"))
            #expect(!page.contains("<td>test</td>"), "only zoe's entries")
        }
    }

    @Test("the split script is served and the split form carries the line's limit in minor units")
    func splitScript() async throws {
        try await ServerFixture.with { fixture, client in
            let script = try await client.execute(uri: "/static/workbench.js", method: .get) { $0 }
            #expect(script.status == .ok)
            #expect(script.text.contains("data-split-limit") || script.text.contains("splitLimit"))
        }
    }
}
