import ARAgent
import ARCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The collector's work through `/api/v1`: bank lines waiting for a person (accept a
/// suggestion, split by hand, reject), promises, disputes, holds and the AR metrics. Each route
/// calls the same use case or port as the matching `aragent` command and workbench page
/// (``ReviewService``, ``CollectionsStore``, ``ReportService``); refusals of the ledger
/// (``CashApplicationError``) are 409, a body that is not what the route reads is 400, and a
/// well-formed value that means nothing (a date that is no date, an unknown invoice) is 422,
/// each naming the field.
struct APIWorkbenchRoutes {
    let services: ServerServices

    func register(on api: RouterGroup<AppContext>) {
        api.get("review-items") { request, context in try await reviewItems(request, context) }
        api.get("review-items/{id}") { request, context in try await reviewItem(request, context) }
        api.post("review-items/{id}/accept") { request, context in try await accept(request, context) }
        api.post("review-items/{id}/split") { request, context in try await split(request, context) }
        api.post("review-items/{id}/reject") { request, context in try await reject(request, context) }
        api.get("promises") { request, context in try await promises(request, context) }
        api.post("promises") { request, context in try await addPromise(request, context) }
        api.get("disputes") { request, context in try await disputes(request, context) }
        api.post("disputes") { request, context in try await openDispute(request, context) }
        api.get("holds") { request, context in try await holds(request, context) }
        api.post("holds") { request, context in try await placeHold(request, context) }
        api.post("holds/release") { request, context in try await releaseHold(request, context) }
        api.get("reports/metrics") { request, context in try await metrics(request, context) }
    }

    private var idempotency: Idempotency { Idempotency(store: services.access.store) }

    // MARK: Review items

    /// The statuses a review item may be listed by: the lines waiting for a person.
    static let reviewStatuses: [TransactionStatus] = [.review, .unmatched]

    func reviewItems(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let status = try APIQuery.status(request, among: Self.reviewStatuses) ?? .review
        let (shown, next) = try APIQuery.idPage(try await services.ledger.transactions(status: status), request: request, id: \.id)
        var items: [[String: Any]] = []
        for line in shown {
            items.append(APIJSON.reviewItem(line, suggestions: try await services.ledger.suggestions(transactionID: line.id)))
        }
        return APIQuery.page(items, next: next)
    }

    func reviewItem(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        return APIJSON.response(try await detail(try await line(context)))
    }

    /// `{"suggestion": RANK}`: applies that suggestion as it stands (1 is the best).
    func accept(_ request: Request, _ context: AppContext) async throws -> Response {
        struct Body: Decodable { var suggestion: Int }
        let principal = try context.require(.collector)
        var request = request
        let body = try await APIBody.decode(Body.self, from: &request, example: #"{"suggestion": 1}"#)
        guard body.suggestion >= 1 else { throw APIBody.unprocessable("suggestion", "suggestion \(body.suggestion) is not a rank; the best suggestion is 1") }
        return try await decide(request, context, principal) { id in
            try await ReviewService(store: services.ledger).accept(transaction: id, suggestion: body.suggestion, actor: principal.auditName)
        }
    }

    /// `{"allocations": [{"invoice": "INV-1", "amount": "10.00"}], "note": "…"}`: applies the
    /// line by hand; what is not allocated stays unapplied. Amounts are decimal strings in the
    /// line's currency (a JSON number is refused: it may already have lost a cent).
    func split(_ request: Request, _ context: AppContext) async throws -> Response {
        struct Part: Decodable { var invoice: String; var amount: String }
        struct Body: Decodable { var allocations: [Part]; var note: String? }
        let principal = try context.require(.collector)
        var request = request
        let body = try await APIBody.decode(Body.self, from: &request,
                                            example: #"{"allocations": [{"invoice": "INV-1", "amount": "10.00"}], "note": "remittance by phone"}"#)
        guard !body.allocations.isEmpty else { throw APIBody.unprocessable("allocations", "allocations is empty; name at least one invoice and amount") }
        // Each part named by its field here; ReviewService checks the same again, and the store
        // checks in its transaction that the parts fit the line's unapplied cash.
        let currency = try await line(context).unapplied.currency
        for (index, part) in body.allocations.enumerated() {
            _ = try await knownInvoice(part.invoice, field: "allocations[\(index)].invoice")
            guard let amount = try? Money(parsing: part.amount, currency: currency), amount.isPositive else {
                throw APIBody.unprocessable("allocations[\(index)].amount", "'\(part.amount)' is not a positive amount in \(currency.code) (the bank line's currency), such as 250.00")
            }
        }
        let parts = body.allocations.map { ReviewService.Part(invoice: $0.invoice, amount: $0.amount) }
        return try await decide(request, context, principal) { id in
            try await ReviewService(store: services.ledger).split(transaction: id, parts: parts, note: body.note ?? "split by hand",
                                                                  actor: principal.auditName)
        }
    }

    /// `{"note": "…"}` (required): the line is not to be applied (not customer cash, or left on account).
    func reject(_ request: Request, _ context: AppContext) async throws -> Response {
        struct Body: Decodable { var note: String }
        let principal = try context.require(.collector)
        var request = request
        let body = try await APIBody.decode(Body.self, from: &request, example: #"{"note": "refund from a supplier, not customer cash"}"#)
        guard !body.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIBody.unprocessable("note", "note is empty; say why the line is not applied, for the audit log")
        }
        return try await decide(request, context, principal) { id in
            try await services.ledger.reject(transactionID: id, note: body.note, actor: principal.auditName)
        }
    }

    /// One decision on a line, answered as the line afterwards. The line must exist (404); a
    /// refusal of the review service or the store is a 409 that says why, and changed nothing.
    private func decide(_ request: Request, _ context: AppContext, _ principal: Principal,
                        _ change: (Int64) async throws -> Void) async throws -> Response {
        let id = try Self.lineID(context)
        return try await idempotency.run(request, principal: principal) {
            guard let line = try await services.ledger.transaction(id: id) else { throw Self.noSuchLine(id) }
            do {
                try await change(line.id)
            } catch let refusal as CashApplicationError {
                throw Problem(.conflict, title: "Conflict", detail: "bank line \(id): \(refusal.description)", field: "id")
            }
            guard let after = try await services.ledger.transaction(id: id) else { throw Self.noSuchLine(id) }
            return StoredResponse(status: 200, contentType: "application/json", body: APIJSON.text(try await detail(after)))
        }
    }

    private func detail(_ line: StoredBankTransaction) async throws -> [String: Any] {
        APIJSON.reviewItem(line, suggestions: try await services.ledger.suggestions(transactionID: line.id),
                           allocations: try await services.ledger.allocations(transactionID: line.id))
    }

    private func line(_ context: AppContext) async throws -> StoredBankTransaction {
        let id = try Self.lineID(context)
        guard let line = try await services.ledger.transaction(id: id) else { throw Self.noSuchLine(id) }
        return line
    }

    static func lineID(_ context: AppContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else {
            throw Problem(.notFound, title: "Not found", detail: "review items are numbered; '\(raw)' is none (GET /api/v1/review-items lists them)", field: "id")
        }
        return id
    }

    static func noSuchLine(_ id: Int64) -> Problem {
        Problem(.notFound, title: "Not found", detail: "there is no bank line \(id); GET /api/v1/review-items lists those waiting", field: "id")
    }

    // MARK: Promises

    func promises(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let status = try APIQuery.status(request, among: PromiseStatus.allCases)
        let (shown, next) = try APIQuery.idPage(try await services.ledger.promises(status: status), request: request, id: \.id)
        return APIQuery.page(shown.map(APIJSON.promise), next: next)
    }

    /// `{"invoice": "INV-1", "date": "YYYY-MM-DD", "amount": "250.00"}` (amount optional: the
    /// whole open amount). An open promise on the invoice is superseded (cancelled) and answered too.
    func addPromise(_ request: Request, _ context: AppContext) async throws -> Response {
        struct Body: Decodable { var invoice: String; var date: String; var amount: String? }
        let principal = try context.require(.collector)
        var request = request
        let body = try await APIBody.decode(Body.self, from: &request, example: #"{"invoice": "INV-1", "date": "2026-12-15", "amount": "250.00"}"#)
        let invoice = try await knownInvoice(body.invoice)
        let date = try APIBody.date(body.date, field: "date")
        let amount = try body.amount.map { text in
            do { return try Money(parsing: text, currency: invoice.currency) } catch {
                throw APIBody.unprocessable("amount", "amount '\(text)' is not an amount in \(invoice.currency.code) (invoice \(invoice.number)'s currency), such as 250.00: \(error)")
            }
        }
        return try await idempotency.run(request, principal: principal) {
            let superseded = try await Self.refusing {
                try await services.ledger.addPromise(invoice: invoice.number, date: date, amount: amount, actor: principal.auditName)
            }
            guard let promise = try await services.ledger.promises(status: .open).last(where: { $0.invoice == invoice.number }) else {
                throw Problem(.conflict, title: "Conflict", detail: "the promise on invoice \(invoice.number) was closed meanwhile; GET /api/v1/promises shows it", field: "invoice")
            }
            let object: [String: Any] = ["promise": APIJSON.promise(promise), "superseded": superseded.map(APIJSON.promise) ?? NSNull()]
            return StoredResponse(status: 201, contentType: "application/json", body: APIJSON.text(object))
        }
    }

    // MARK: Disputes

    func disputes(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let status = try APIQuery.status(request, among: DisputeStatus.allCases)
        let (shown, next) = try APIQuery.idPage(try await services.ledger.disputes(status: status), request: request, id: \.id)
        return APIQuery.page(shown.map(APIJSON.dispute), next: next)
    }

    /// `{"invoice": "INV-1", "type": "pricing", "note": "…"}`: the invoice is not chased until
    /// the dispute is resolved.
    func openDispute(_ request: Request, _ context: AppContext) async throws -> Response {
        struct Body: Decodable { var invoice: String; var type: String; var note: String? }
        let principal = try context.require(.collector)
        var request = request
        let body = try await APIBody.decode(Body.self, from: &request, example: #"{"invoice": "INV-1", "type": "pricing", "note": "price list of 2025 applied"}"#)
        let invoice = try await knownInvoice(body.invoice)
        guard let type = DisputeType(rawValue: body.type), DisputeType.namedByPeople.contains(type) else {
            throw APIBody.unprocessable("type", "type '\(body.type)' is not a dispute type; use \(DisputeType.namedByPeople.map(\.rawValue).joined(separator: ", "))")
        }
        return try await idempotency.run(request, principal: principal) {
            try await Self.refusing {
                try await services.ledger.openDispute(invoice: invoice.number, type: type.rawValue, note: body.note, actor: principal.auditName)
            }
            guard let dispute = try await services.ledger.disputes(status: .open).last(where: { $0.invoice == invoice.number }) else {
                throw Problem(.conflict, title: "Conflict", detail: "the dispute on invoice \(invoice.number) was resolved meanwhile; GET /api/v1/disputes shows it", field: "invoice")
            }
            return StoredResponse(status: 201, contentType: "application/json", body: APIJSON.text(APIJSON.dispute(dispute)))
        }
    }

    // MARK: Holds

    /// Holds not released, oldest first (`include_released=true`: every hold), each with its state today.
    func holds(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let everything = try APIQuery.flag(request, "include_released")
        let day = try services.today()
        let (shown, next) = try APIQuery.idPage(try await services.ledger.holds(includeReleased: everything), request: request, id: \.id)
        return APIQuery.page(shown.map { APIJSON.hold($0, on: day) }, next: next)
    }

    /// `{"customer": "C-1"}` or `{"invoice": "INV-1"}`, with `"reason"` and optionally `"until"`
    /// (the last day it holds); approver, as `aragent hold` is a credit decision.
    func placeHold(_ request: Request, _ context: AppContext) async throws -> Response {
        struct Body: Decodable { var customer: String?; var invoice: String?; var reason: String; var until: String? }
        let principal = try context.require(.approver)
        var request = request
        let body = try await APIBody.decode(Body.self, from: &request, example: #"{"customer": "C-1", "reason": "credit review", "until": "2026-12-31"}"#)
        let target = try await holdTarget(customer: body.customer, invoice: body.invoice)
        guard !body.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIBody.unprocessable("reason", "reason is empty; it is shown wherever the hold keeps \(target) from being chased")
        }
        let until = try body.until.map { try APIBody.date($0, field: "until") }
        let day = try services.today()
        return try await idempotency.run(request, principal: principal) {
            let hold = try await Self.refusing {
                try await services.ledger.placeHold(target, reason: body.reason, until: until, asOf: day, actor: principal.auditName)
            }
            return StoredResponse(status: 201, contentType: "application/json", body: APIJSON.text(APIJSON.hold(hold, on: day)))
        }
    }

    /// `{"customer": "C-1"}` or `{"invoice": "INV-1"}`, optionally `"note"`: chasing resumes from the next cycle.
    func releaseHold(_ request: Request, _ context: AppContext) async throws -> Response {
        struct Body: Decodable { var customer: String?; var invoice: String?; var note: String? }
        let principal = try context.require(.approver)
        var request = request
        let body = try await APIBody.decode(Body.self, from: &request, example: #"{"customer": "C-1", "note": "paid in full"}"#)
        let target = try await holdTarget(customer: body.customer, invoice: body.invoice)
        let day = try services.today()
        return try await idempotency.run(request, principal: principal) {
            let hold = try await Self.refusing { try await services.ledger.releaseHold(target, note: body.note, actor: principal.auditName) }
            return StoredResponse(status: 200, contentType: "application/json", body: APIJSON.text(APIJSON.hold(hold, on: day)))
        }
    }

    private func holdTarget(customer: String?, invoice: String?) async throws -> HoldTarget {
        switch (customer, invoice) {
        case (let customer?, nil):
            let id = CustomerID(customer)
            guard try await services.ledger.customers(ids: [id])[id] != nil else {
                throw APIBody.unprocessable("customer", "customer '\(customer)' is not in the ledger; GET /api/v1/customers lists them")
            }
            return .customer(id)
        case (nil, let invoice?):
            return .invoice(try await knownInvoice(invoice).number)
        default:
            throw Problem.invalid("customer", "name exactly one of customer or invoice, such as {\"customer\": \"C-1\", \"reason\": \"credit review\"}")
        }
    }

    // MARK: Metrics

    /// `from` and `to` (YYYY-MM-DD, both required, `to` not before `from`): DSO and its
    /// companions per currency, as `aragent report metrics`.
    func metrics(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        func day(_ name: String) throws -> CalendarDate {
            guard let text = request.uri.queryParameters[Substring(name)] else { throw Problem.invalid(name, "\(name) is required, a YYYY-MM-DD date") }
            guard let day = CalendarDate(iso: String(text)) else { throw Problem.invalid(name, "\(name) '\(text)' is not a YYYY-MM-DD date") }
            return day
        }
        let (from, to) = (try day("from"), try day("to"))
        guard from <= to else { throw Problem.invalid("to", "to \(to.iso) is before from \(from.iso)") }
        let figures = try await ReportService(store: services.ledger).metrics(from: from, to: to)
        return APIJSON.response(["from": from.iso, "to": to.iso, "currencies": figures.map(APIJSON.metrics)] as [String: Any])
    }

    // MARK: Shared

    /// The invoice a body names, or a 422 naming `field`.
    private func knownInvoice(_ number: String, field: String = "invoice") async throws -> Invoice {
        guard let invoice = try await services.ledger.invoice(InvoiceNumber(number)) else {
            throw APIBody.unprocessable(field, "invoice '\(number)' is not in the ledger; GET /api/v1/invoices lists them")
        }
        return invoice
    }

    /// Runs a change of the ledger; its refusal (the state does not allow it) becomes a 409 that says why.
    static func refusing<T>(_ change: () async throws -> T) async throws -> T {
        do {
            return try await change()
        } catch let refusal as CashApplicationError {
            throw Problem(.conflict, title: "Conflict", detail: refusal.description)
        }
    }
}

/// Query parameters of the lists.
enum APIQuery {
    /// `status` as one of `allowed`, nil when absent; 400 naming the allowed values otherwise.
    static func status<S: RawRepresentable>(_ request: Request, among allowed: [S]) throws -> S? where S.RawValue == String {
        guard let text = request.uri.queryParameters["status"] else { return nil }
        guard let status = S(rawValue: String(text)), allowed.contains(where: { $0.rawValue == status.rawValue }) else {
            throw Problem.invalid("status", "status '\(text)' is not one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }

    /// A `true`/`false` parameter, false when absent.
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let text = request.uri.queryParameters[Substring(name)] else { return false }
        switch text {
        case "true": return true
        case "false": return false
        default: throw Problem.invalid(name, "\(name) '\(text)' must be true or false")
        }
    }

    /// One page of records numbered by the ledger, in id order: those after the cursor's id, at
    /// most `limit`, and the id to continue after (nil on the last page). The ports answer these
    /// lists whole (they are the working sets of people: lines in review, open promises), so the
    /// page is cut here, with the same cursor and limit as the ledger's own pages.
    static func idPage<T>(_ rows: [T], request: Request, id: (T) -> Int64) throws -> (rows: [T], next: Int64?) {
        let limit = try PageLimit.read(request)
        var after: Int64 = 0
        if let cursor = request.uri.queryParameters["cursor"] {
            guard let value = Int64(try Cursor.decode(String(cursor))) else {
                throw Problem.invalid("cursor", "cursor '\(cursor)' is not one this server gave; pass the `next` value of the previous page unchanged")
            }
            after = value
        }
        let remaining = rows.filter { id($0) > after }.sorted { id($0) < id($1) }
        let shown = Array(remaining.prefix(limit))
        return (shown, remaining.count > limit ? shown.last.map(id) : nil)
    }

    static func page(_ items: [[String: Any]], next: Int64?) -> Response {
        APIJSON.response(["items": items, "next": next.map { Cursor.encode(String($0)) } ?? NSNull()] as [String: Any])
    }
}

/// JSON request bodies, read into `Decodable` structs so that a missing or mistyped field is
/// named exactly (`allocations[0].amount`).
enum APIBody {
    /// A decision or a record is a few hundred bytes; anything far larger is not one of ours.
    static let maximumBytes = FormBody.maximumBytes

    /// The body as `T`; an empty body is read as `{}` (so the first required field is named).
    static func decode<T: Decodable>(_ type: T.Type, from request: inout Request, example: String) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBytes)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, title: "Content too large", detail: "the body is larger than \(maximumBytes) bytes; send a JSON object such as \(example)", field: "body")
        }
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer: buffer)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                let field = path(context.codingPath + [key])
                throw Problem.invalid(field, "\(field) is required; send a JSON object such as \(example)")
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                let field = path(context.codingPath)
                guard !field.isEmpty else { throw Problem.invalid("body", "the body must be a JSON object such as \(example)") }
                throw Problem.invalid(field, "\(field) has the wrong type (amounts and dates are strings, a rank is a whole number); send a JSON object such as \(example)")
            case .dataCorrupted(let context):
                let field = path(context.codingPath)
                guard !field.isEmpty else { throw Problem.invalid("body", "the body is not JSON; send a JSON object such as \(example)") }
                throw Problem.invalid(field, "\(field) has the wrong type or value; send a JSON object such as \(example)")
            @unknown default:
                throw Problem.invalid("body", "the body must be a JSON object such as \(example)")
            }
        }
    }

    /// `allocations[0].amount` for a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text
    }

    static func date(_ text: String, field: String) throws -> CalendarDate {
        guard let day = CalendarDate(iso: text) else { throw unprocessable(field, "\(field) '\(text)' is not a YYYY-MM-DD date") }
        return day
    }

    /// A well-formed value that the ledger cannot use.
    static func unprocessable(_ field: String, _ detail: String) -> Problem {
        Problem(.unprocessableContent, title: "Invalid value", detail: detail, field: field)
    }
}
