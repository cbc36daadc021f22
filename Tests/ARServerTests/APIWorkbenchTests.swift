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

/// The collector's work through `/api/v1`: review items, promises, disputes, holds, metrics and
/// imports, driven through the real router on a fresh demo ledger.
@Suite("API: the collector's work")
struct APIWorkbenchTests {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    /// A bank line waiting for review whose one suggestion pays `invoice` in full.
    static func reviewLine(_ fixture: ServerFixture, paying invoice: Invoice, key: String) async throws -> StoredBankTransaction {
        let payment = IncomingPayment(id: PaymentID(key), valueDate: ServerFixture.asOf, amount: invoice.openAmount, payerName: "Payer of \(invoice.number)",
                                      payerAccount: "DE89370400440532013000", remittance: "see attached")
        let stored = try await fixture.store.storeStatement([NewBankTransaction(naturalKey: key, format: "csv", accountID: nil, statementID: nil,
                                                                                bankReference: key, bookingDate: nil, payment: payment)],
                                                             source: "\(key).csv", fingerprint: key, actor: "test").stored
        let line = try #require(stored.first)
        let proposal = MatchProposal(allocations: [ProposedAllocation(invoice: invoice.number, customer: invoice.customerID, amount: invoice.openAmount)],
                                     unapplied: Money(minorUnits: 0, currency: invoice.openAmount.currency), confidence: 640,
                                     reasons: ["amount equals the open amount of \(invoice.number)"])
        _ = try await fixture.store.record([(line.id, MatchDecision(payment: payment, outcome: .review, proposals: [proposal], summary: "one candidate, no reference"))],
                                           context: "test", actor: "agent")
        return try #require(try await fixture.store.transaction(id: line.id))
    }

    /// Open invoices that owe something, none disputed, largest number last.
    static func openInvoices(_ fixture: ServerFixture) async throws -> [Invoice] {
        try await fixture.store.invoices().filter { $0.openAmount.minorUnits > 100 && !$0.isDisputed }.sorted { $0.number.rawValue < $1.number.rawValue }
    }

    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    func post(_ uri: String, _ role: Role?, _ body: String, key: String? = nil, _ fixture: ServerFixture,
              _ client: some TestClientProtocol) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[Self.idempotencyKey] = key }
        if let role { headers = fixture.bearer(role, headers) }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: Self.json(body)) { $0 }
    }

    @Test("every new route answers the role it needs, 403 for the role below it, 401 without a token")
    func rolesPerRoute() async throws {
        try await ServerFixture.with { fixture, client in
            let invoices = try await Self.openInvoices(fixture)
            #expect(invoices.count >= 6)
            let (a, b, c) = (try await Self.reviewLine(fixture, paying: invoices[0], key: "T-A"), try await Self.reviewLine(fixture, paying: invoices[1], key: "T-B"),
                             try await Self.reviewLine(fixture, paying: invoices[2], key: "T-C"))
            let customer = invoices[5].customerID.rawValue
            let customersCSV = "customer_id,name\nC-API-1,Made by the API\n"
            // (method, uri, body, the role needed, the status it answers that role)
            let routes: [(HTTPRequest.Method, String, String, Role, HTTPResponse.Status)] = [
                (.get, "/api/v1/review-items", "", .viewer, .ok),
                (.get, "/api/v1/review-items?status=unmatched", "", .viewer, .ok),
                (.get, "/api/v1/review-items/\(a.id)", "", .viewer, .ok),
                (.post, "/api/v1/review-items/\(a.id)/accept", #"{"suggestion": 1}"#, .collector, .ok),
                (.post, "/api/v1/review-items/\(b.id)/split", #"{"allocations": [{"invoice": "\#(invoices[1].number)", "amount": "1.00"}], "note": "by phone"}"#, .collector, .ok),
                (.post, "/api/v1/review-items/\(c.id)/reject", #"{"note": "a supplier's refund"}"#, .collector, .ok),
                (.get, "/api/v1/promises?status=open", "", .viewer, .ok),
                (.post, "/api/v1/promises", #"{"invoice": "\#(invoices[3].number)", "date": "2026-12-15"}"#, .collector, .created),
                (.get, "/api/v1/disputes?status=open", "", .viewer, .ok),
                (.post, "/api/v1/disputes", #"{"invoice": "\#(invoices[4].number)", "type": "pricing", "note": "old price list"}"#, .collector, .created),
                (.get, "/api/v1/holds", "", .viewer, .ok),
                (.post, "/api/v1/holds", #"{"customer": "\#(customer)", "reason": "credit review", "until": "2026-12-31"}"#, .approver, .created),
                (.post, "/api/v1/holds/release", #"{"customer": "\#(customer)", "note": "reviewed"}"#, .approver, .ok),
                (.get, "/api/v1/reports/metrics?from=2026-11-01&to=2026-11-30", "", .viewer, .ok),
                (.post, "/api/v1/imports/customers?file=api-customers.csv", customersCSV, .collector, .ok),
            ]
            for (method, uri, body, needed, status) in routes {
                try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: Self.json(body)) { response in
                    #expect(response.status == .unauthorized, "\(method) \(uri) anonymous")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                if let below = Role.allCases.last(where: { $0 < needed }) {
                    try await client.execute(uri: uri, method: method, headers: fixture.bearer(below, [.contentType: "application/json"]), body: Self.json(body)) { response in
                        #expect(response.status == .forbidden, "\(method) \(uri) as \(below)")
                        #expect((response.json["detail"] as? String)?.contains(needed.rawValue) == true)
                    }
                }
                try await client.execute(uri: uri, method: method, headers: fixture.bearer(needed, [.contentType: "application/json"]), body: Self.json(body)) { response in
                    #expect(response.status == status, "\(method) \(uri) as \(needed): \(response.text)")
                    #expect(response.headers[.contentType] == "application/json")
                }
            }
            // The refused requests changed nothing; the allowed ones did what they say.
            #expect(try await fixture.store.transaction(id: a.id)?.status == .applied)
            #expect(try await fixture.store.transaction(id: b.id)?.status == .partiallyApplied)
            #expect(try await fixture.store.transaction(id: c.id)?.status == .rejected)
            #expect(try await fixture.store.promises(status: .open).filter { $0.invoice == invoices[3].number }.count == 1)
            #expect(try await fixture.store.disputes(status: .open).filter { $0.invoice == invoices[4].number }.map(\.type) == ["pricing"])
            #expect(try await fixture.store.holds(includeReleased: true).filter { $0.target == .customer(invoices[5].customerID) }.map(\.status) == [.released])
            #expect(try await fixture.store.customers().contains { $0.id == CustomerID("C-API-1") && $0.name == "Made by the API" })
            let audit = try await fixture.store.auditLog(limit: 200).map(\.event)
            #expect(audit.contains { $0.actor == "token:t-approver" && $0.entity == .hold })
        }
    }

    @Test("accepting a suggestion applies it: the invoice's open amount falls; a replay with the same Idempotency-Key does not apply it twice")
    func acceptOnceWithReplay() async throws {
        try await ServerFixture.with { fixture, client in
            let invoice = try #require(try await Self.openInvoices(fixture).first)
            let line = try await Self.reviewLine(fixture, paying: invoice, key: "T-ACCEPT")
            let listed = try await client.execute(uri: "/api/v1/review-items", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            let item = try #require((listed["items"] as? [[String: Any]])?.first { $0["id"] as? Int == Int(line.id) })
            #expect(item["status"] as? String == "review")
            #expect(item["payer_account"] as? String != "DE89370400440532013000", "the account number is masked")
            let suggestion = try #require((item["suggestions"] as? [[String: Any]])?.first)
            #expect(suggestion["rank"] as? Int == 1)
            #expect(suggestion["confidence"] as? String == "0.640")
            #expect((suggestion["reasons"] as? [String])?.first?.contains("amount equals the open amount") == true)
            let allocation = try #require((suggestion["allocations"] as? [[String: Any]])?.first)
            #expect(allocation["invoice"] as? String == invoice.number.rawValue)
            #expect(allocation["amount"] as? String == invoice.openAmount.decimalString)

            let uri = "/api/v1/review-items/\(line.id)/accept"
            let first = try await post(uri, .collector, #"{"suggestion": 1}"#, key: "accept-1", fixture, client)
            #expect(first.status == .ok)
            #expect(first.json["status"] as? String == "applied")
            #expect(first.json["unapplied"] as? String == Money(minorUnits: 0, currency: invoice.currency).decimalString)
            #expect((first.json["allocations"] as? [[String: Any]])?.first?["decided_by"] as? String == "token:t-collector")
            #expect(try await fixture.store.invoice(invoice.number)?.openAmount.isZero == true)

            let again = try await post(uri, .collector, #"{"suggestion": 1}"#, key: "accept-1", fixture, client)
            #expect(again.status == .ok)
            #expect(again.text == first.text)
            #expect(again.headers[Self.replayed] == "true")
            #expect(try await fixture.store.allocations(transactionID: line.id).count == 1)
            // Without the key the ledger itself refuses a second application: 409, and says why.
            let twice = try await post(uri, .collector, #"{"suggestion": 1}"#, fixture, client)
            #expect(twice.status == .conflict)
            #expect(twice.headers[.contentType] == "application/problem+json")
            #expect((twice.json["detail"] as? String)?.contains("bank line \(line.id)") == true)
            #expect(try await fixture.store.allocations(transactionID: line.id).count == 1)
            #expect(try await fixture.store.invoice(invoice.number)?.openAmount.isZero == true)
            // The line's own page shows the allocation made.
            let shown = try await client.execute(uri: "/api/v1/review-items/\(line.id)", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            #expect((shown["allocations"] as? [[String: Any]])?.map { $0["invoice"] as? String } == [invoice.number.rawValue])
        }
    }

    @Test("a split over the line's amount is refused with 409 and changes nothing")
    func splitOverAmountRefused() async throws {
        try await ServerFixture.with { fixture, client in
            let invoices = try await Self.openInvoices(fixture)
            let (paid, other) = (invoices[0], try #require(invoices.first { $0.currency == invoices[0].currency && $0.number != invoices[0].number }))
            let line = try await Self.reviewLine(fixture, paying: paid, key: "T-SPLIT")
            // Each part fits its invoice, but together they are a cent more than the line.
            let cent = Money(minorUnits: 1, currency: paid.currency)
            let body = #"{"allocations": [{"invoice": "\#(paid.number)", "amount": "\#(paid.openAmount.decimalString)"}, {"invoice": "\#(other.number)", "amount": "\#(cent.decimalString)"}]}"#
            let refused = try await post("/api/v1/review-items/\(line.id)/split", .collector, body, fixture, client)
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(refused.headers[.contentType] == "application/problem+json")
            let after = try #require(try await fixture.store.transaction(id: line.id))
            #expect(after.status == .review)
            #expect(after.unapplied == line.unapplied)
            #expect(try await fixture.store.allocations(transactionID: line.id).isEmpty)
            #expect(try await fixture.store.invoice(paid.number)?.openAmount == paid.openAmount)
            #expect(try await fixture.store.invoice(other.number)?.openAmount == other.openAmount)
            // A split that fits is applied, the rest stays unapplied.
            let half = Money(minorUnits: paid.openAmount.minorUnits / 2, currency: paid.currency)
            let fits = try await post("/api/v1/review-items/\(line.id)/split", .collector,
                                      #"{"allocations": [{"invoice": "\#(paid.number)", "amount": "\#(half.decimalString)"}], "note": "half now"}"#, fixture, client)
            #expect(fits.status == .ok)
            #expect(fits.json["status"] as? String == "partially_applied")
            #expect(try await fixture.store.invoice(paid.number)?.openAmount == (try paid.openAmount - half))
        }
    }

    @Test("a body that is not what the route reads is 400, a value that means nothing 422, each naming the field")
    func badBodiesNameTheField() async throws {
        try await ServerFixture.with { fixture, client in
            let invoice = try #require(try await Self.openInvoices(fixture).first)
            let line = try await Self.reviewLine(fixture, paying: invoice, key: "T-BAD")
            let cases: [(String, String, Role, HTTPResponse.Status, String)] = [
                ("/api/v1/review-items/\(line.id)/accept", #"{"suggestion": "first"}"#, .collector, .badRequest, "suggestion"),
                ("/api/v1/review-items/\(line.id)/accept", "", .collector, .badRequest, "suggestion"),
                ("/api/v1/review-items/\(line.id)/accept", "not json", .collector, .badRequest, "body"),
                ("/api/v1/review-items/\(line.id)/accept", #"{"suggestion": 0}"#, .collector, .unprocessableContent, "suggestion"),
                ("/api/v1/review-items/\(line.id)/split", #"{"allocations": [{"invoice": "\#(invoice.number)", "amount": 10.5}]}"#, .collector, .badRequest, "allocations[0].amount"),
                ("/api/v1/review-items/\(line.id)/split", #"{"allocations": [{"invoice": "NO-SUCH", "amount": "1.00"}]}"#, .collector, .unprocessableContent, "allocations[0].invoice"),
                ("/api/v1/review-items/\(line.id)/split", #"{"allocations": [{"invoice": "\#(invoice.number)", "amount": "1,00"}]}"#, .collector, .unprocessableContent, "allocations[0].amount"),
                ("/api/v1/review-items/\(line.id)/reject", "{}", .collector, .badRequest, "note"),
                ("/api/v1/promises", #"{"invoice": "\#(invoice.number)", "date": "15.12.2026"}"#, .collector, .unprocessableContent, "date"),
                ("/api/v1/promises", #"{"invoice": "\#(invoice.number)", "date": "2026-12-15", "amount": "lots"}"#, .collector, .unprocessableContent, "amount"),
                ("/api/v1/promises", #"{"invoice": "NO-SUCH", "date": "2026-12-15"}"#, .collector, .unprocessableContent, "invoice"),
                ("/api/v1/disputes", #"{"invoice": "\#(invoice.number)", "type": "grumpy"}"#, .collector, .unprocessableContent, "type"),
                ("/api/v1/holds", #"{"reason": "credit review"}"#, .approver, .badRequest, "customer"),
                ("/api/v1/holds", #"{"invoice": "\#(invoice.number)", "reason": "x", "until": "soon"}"#, .approver, .unprocessableContent, "until"),
            ]
            for (uri, body, role, status, field) in cases {
                let response = try await post(uri, role, body, fixture, client)
                #expect(response.status == status, "\(uri) \(body): \(response.text)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.json["field"] as? String == field, "\(uri) \(body): \(response.text)")
            }
            #expect(try await fixture.store.transaction(id: line.id)?.status == .review)
            #expect(try await fixture.store.promises(status: nil).isEmpty)
            // No such line: 404 naming the id.
            let missing = try await post("/api/v1/review-items/999999/accept", .collector, #"{"suggestion": 1}"#, fixture, client)
            #expect(missing.status == .notFound)
            #expect(missing.json["field"] as? String == "id")
        }
    }

    @Test("a promise posted twice with one Idempotency-Key is recorded once; a second promise supersedes the first")
    func promiseOnceWithReplay() async throws {
        try await ServerFixture.with { fixture, client in
            let invoice = try #require(try await Self.openInvoices(fixture).first)
            let half = Money(minorUnits: invoice.openAmount.minorUnits / 2, currency: invoice.currency)
            let body = #"{"invoice": "\#(invoice.number)", "date": "2026-12-15", "amount": "\#(half.decimalString)"}"#
            let first = try await post("/api/v1/promises", .collector, body, key: "promise-1", fixture, client)
            #expect(first.status == .created)
            let promise = try #require(first.json["promise"] as? [String: Any])
            #expect(promise["promised_date"] as? String == "2026-12-15")
            #expect(promise["amount"] as? String == half.decimalString)
            #expect(promise["created_by"] as? String == "token:t-collector")
            #expect(first.json["superseded"] is NSNull)
            let again = try await post("/api/v1/promises", .collector, body, key: "promise-1", fixture, client)
            #expect(again.status == .created)
            #expect(again.headers[Self.replayed] == "true")
            #expect(again.text == first.text)
            #expect(try await fixture.store.promises(status: nil).filter { $0.invoice == invoice.number }.count == 1)
            // A new key is a new promise, which supersedes the open one.
            let later = try await post("/api/v1/promises", .collector, #"{"invoice": "\#(invoice.number)", "date": "2026-12-20"}"#, key: "promise-2", fixture, client)
            #expect(later.status == .created)
            #expect((later.json["superseded"] as? [String: Any])?["id"] as? Int == promise["id"] as? Int)
            let open = try await client.execute(uri: "/api/v1/promises?status=open", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            #expect((open["items"] as? [[String: Any]])?.compactMap { $0["promised_date"] as? String } == ["2026-12-20"])
            let cancelled = try await client.execute(uri: "/api/v1/promises?status=cancelled", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            #expect((cancelled["items"] as? [[String: Any]])?.count == 1)
            // A refusal of the ledger is a 409: a second open dispute on one invoice.
            #expect(try await post("/api/v1/disputes", .collector, #"{"invoice": "\#(invoice.number)", "type": "quality"}"#, fixture, client).status == .created)
            let second = try await post("/api/v1/disputes", .collector, #"{"invoice": "\#(invoice.number)", "type": "tax"}"#, fixture, client)
            #expect(second.status == .conflict)
            #expect(try await fixture.store.disputes(status: .open).filter { $0.invoice == invoice.number }.count == 1)
        }
    }

    @Test("a bad row of an imported file is named in the 422, as the CLI names it, and nothing of the file is imported")
    func badImportRowNamed() async throws {
        try await ServerFixture.with { fixture, client in
            let customer = try #require(try await fixture.store.customers().first).id
            let before = try await fixture.store.invoices().count
            let csv = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number,paid_date,disputed\n"
                + "API-1,\(customer),2026-11-01,2026-12-01,USD,100.00,,,,\n"
                + "API-2,\(customer),2026-11-01,2026-12-01,USD,12,5,,,,\n"
            let rejected = try await post("/api/v1/imports/invoices?file=november.csv", .collector, csv, fixture, client)
            #expect(rejected.status == .unprocessableContent)
            #expect(rejected.headers[.contentType] == "application/problem+json")
            let detail = try #require(rejected.json["detail"] as? String)
            #expect(detail.contains("november.csv:3:"), "\(detail)")
            #expect(detail.contains("november.csv: nothing was imported."))
            let errors = try #require(rejected.json["errors"] as? [[String: Any]])
            #expect(errors.first?["line"] as? Int == 3)
            #expect(try await fixture.store.invoices().count == before)
            #expect(try await fixture.store.invoice(InvoiceNumber("API-1")) == nil, "the good row was not imported either")

            let amount = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number,paid_date,disputed\n"
                + "API-1,\(customer),2026-11-01,2026-12-01,USD,100.00,,,,\n"
                + "API-2,\(customer),2026-11-01,2026-12-01,USD,1O0.00,,,,\n"
            let named = try await post("/api/v1/imports/invoices?file=november.csv", .collector, amount, fixture, client)
            #expect(named.status == .unprocessableContent)
            #expect((named.json["detail"] as? String)?.contains("november.csv:3:6: amount '1O0.00' is not a decimal amount") == true, "\(named.text)")
            #expect((named.json["errors"] as? [[String: Any]])?.first?["column"] as? Int == 6)

            // A bank file: the line and the field.
            let statement = "transaction_id,booking_date,value_date,amount,currency,payer_name,payer_account,remittance\n"
                + "OK-1,,2026-11-30,1.00,USD,,,\nTX-2,,2026-02-30,1.00,USD,,,\n"
            let bank = try await post("/api/v1/imports/statement?file=week.csv", .collector, statement, fixture, client)
            #expect(bank.status == .unprocessableContent)
            #expect((bank.json["detail"] as? String)?.hasPrefix("week.csv:3: value_date: ") == true, "\(bank.text)")
            #expect((bank.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "value_date")
            #expect(try await fixture.store.transactions(status: nil).isEmpty)

            // The good file is imported, once; its repeat changes nothing.
            let good = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number,paid_date,disputed\n"
                + "API-1,\(customer),2026-11-01,2026-12-01,USD,100.00,,,,\n"
            let imported = try await post("/api/v1/imports/invoices", .collector, good, fixture, client)
            #expect(imported.status == .ok)
            #expect(imported.json["inserted"] as? Int == 1)
            #expect(imported.json["file"] as? String == "invoices.csv")
            let repeated = try await post("/api/v1/imports/invoices", .collector, good, fixture, client)
            #expect(repeated.json["inserted"] as? Int == 0)
            #expect(repeated.json["unchanged"] as? Int == 1)
            #expect(repeated.json["changed"] as? Bool == false)
            // An unknown kind is not a route's: 404 naming it.
            let unknown = try await post("/api/v1/imports/payments", .collector, good, fixture, client)
            #expect(unknown.status == .notFound)
            #expect(unknown.json["field"] as? String == "kind")
        }
    }

    @Test("a bank statement posted to the API is matched; what waits for a person is listed with its suggestions")
    func statementThroughAPI() async throws {
        try await ServerFixture.with { fixture, client in
            let company = DemoCompany(seed: 7, size: .init(customers: 12, invoices: 90), asOf: ServerFixture.asOf)
            let csv = DemoStatement.csv(company, asOf: ServerFixture.asOf)
            let imported = try await post("/api/v1/imports/statement?file=demo.csv", .collector, csv, fixture, client)
            #expect(imported.status == .ok, "\(imported.text)")
            #expect(imported.json["format"] as? String == "csv")
            let stored = try #require(imported.json["stored"] as? Int)
            #expect(stored > 0)
            #expect((imported.json["auto_applied"] as? Int ?? 0) > 0)
            let review = try #require(imported.json["review"] as? Int)
            #expect(review > 0)
            // Walk the review queue in pages of one.
            var seen: [Int] = [], cursor: String?
            repeat {
                let page = try await client.execute(uri: "/api/v1/review-items?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), method: .get,
                                                    headers: fixture.bearer(.viewer)) { $0.json }
                let items = page["items"] as? [[String: Any]] ?? []
                #expect(items.allSatisfy { $0["status"] as? String == "review" })
                seen += items.compactMap { $0["id"] as? Int }
                cursor = page["next"] as? String
            } while cursor != nil && seen.count < 100
            #expect(seen.count == review)
            #expect(Set(seen).count == seen.count)
            #expect(seen == seen.sorted())
            // The same file again stores nothing new.
            let again = try await post("/api/v1/imports/statement?file=demo.csv", .collector, csv, fixture, client)
            #expect(again.json["stored"] as? Int == 0)
            #expect(again.json["duplicates"] as? Int == stored)
        }
    }

    @Test("a file over the API's limit is refused with 413 before anything is read into the ledger")
    func importTooLarge() async throws {
        try await ServerFixture.with { fixture, client in
            let before = try await fixture.store.customers().count
            var body = "customer_id,name\n"
            body += String(repeating: "x", count: APIImportLimit.bytes + 1 - body.utf8.count)
            let response = try await post("/api/v1/imports/customers", .collector, body, fixture, client)
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect((response.json["detail"] as? String)?.contains("32 MiB") == true)
            #expect(try await fixture.store.customers().count == before)
        }
    }

    @Test("metrics answer DSO, countback DSO, CEI and ADD per currency as decimal strings, as `aragent report metrics`")
    func metricsReport() async throws {
        try await ServerFixture.with { fixture, client in
            let answer = try await client.execute(uri: "/api/v1/reports/metrics?from=2026-09-01&to=2026-11-30", method: .get, headers: fixture.bearer(.viewer)) { $0 }
            #expect(answer.status == .ok)
            let expected = try await ReportService(store: fixture.store).metrics(from: try #require(CalendarDate(iso: "2026-09-01")), to: ServerFixture.asOf)
            let rows = try #require(answer.json["currencies"] as? [[String: Any]])
            #expect(rows.count == expected.count)
            for (row, figures) in zip(rows, expected) {
                #expect(row["currency"] as? String == figures.input.currency.code)
                #expect(row["dso"] as? String == figures.dso?.description)
                #expect(row["dso_countback"] as? String == figures.countbackDSO?.description)
                #expect(row["cei"] as? String == figures.collectionEffectivenessIndex?.description)
                #expect(row["average_days_delinquent"] as? String == figures.averageDaysDelinquent?.description)
                #expect(row["days"] as? Int == 91)
            }
            #expect(rows.contains { $0["dso"] is String })
            for (uri, field) in [("/api/v1/reports/metrics?from=2026-09-01", "to"), ("/api/v1/reports/metrics?from=2026-13-01&to=2026-11-30", "from"),
                                 ("/api/v1/reports/metrics?from=2026-11-30&to=2026-11-01", "to")] {
                let refused = try await client.execute(uri: uri, method: .get, headers: fixture.bearer(.viewer)) { $0 }
                #expect(refused.status == .badRequest, "\(uri)")
                #expect(refused.json["field"] as? String == field, "\(uri)")
            }
        }
    }

    @Test("holds: placed from today, listed with their state, released; a second hold on the same customer is a 409")
    func holdsLifecycle() async throws {
        try await ServerFixture.with { fixture, client in
            let customer = try #require(try await fixture.store.customers().first).id.rawValue
            let placed = try await post("/api/v1/holds", .approver, #"{"customer": "\#(customer)", "reason": "credit review"}"#, fixture, client)
            #expect(placed.status == .created)
            #expect(placed.json["state"] as? String == "active")
            #expect(placed.json["customer_id"] as? String == customer)
            #expect(placed.json["placed_by"] as? String == "token:t-approver")
            let twice = try await post("/api/v1/holds", .approver, #"{"customer": "\#(customer)", "reason": "again"}"#, fixture, client)
            #expect(twice.status == .conflict)
            let past = try await post("/api/v1/holds", .approver, #"{"customer": "\#(customer)", "reason": "x", "until": "2026-01-01"}"#, fixture, client)
            #expect(past.status == .conflict, "an end before today is refused by the ledger")
            let listed = try await client.execute(uri: "/api/v1/holds", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            #expect((listed["items"] as? [[String: Any]])?.compactMap { $0["customer_id"] as? String } == [customer])
            let released = try await post("/api/v1/holds/release", .approver, #"{"customer": "\#(customer)"}"#, fixture, client)
            #expect(released.status == .ok)
            #expect(released.json["state"] as? String == "released")
            let none = try await client.execute(uri: "/api/v1/holds", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            #expect((none["items"] as? [Any])?.isEmpty == true)
            let all = try await client.execute(uri: "/api/v1/holds?include_released=true", method: .get, headers: fixture.bearer(.viewer)) { $0.json }
            #expect((all["items"] as? [Any])?.count == 1)
            #expect(try await post("/api/v1/holds/release", .approver, #"{"customer": "\#(customer)"}"#, fixture, client).status == .conflict)
        }
    }
}
