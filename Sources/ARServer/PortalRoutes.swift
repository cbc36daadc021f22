import ARAgent
import ARCore
import Foundation
import HTTPTypes
import Hummingbird

/// `/portal/{token}`: the customer's own page, opened by the signed, expiring link of one of
/// their messages, without a password. A token that is changed, expired, withdrawn or of no
/// message gets a plain refusal page and no data. The token in the path is the secret: a
/// form posted from another site cannot know it, so it stands in for a CSRF token; pages are
/// sent with `Referrer-Policy: no-referrer`, so it never leaks to a payment page.
struct PortalRoutes {
    let services: ServerServices

    /// A dispute's files and the form around them.
    static let maximumUploadBytes = PortalService.maximumAttachments * PortalService.maximumAttachmentBytes + 64 * 1024

    func register(on router: Router<AppContext>) {
        router.get("portal/{token}") { request, context in try await page(request, context, error: nil) }
        router.get("portal/{token}/statement.csv") { request, context in try await statement(request, context) }
        router.get("portal/{token}/invoices/{number}") { request, context in try await invoice(request, context) }
        router.post("portal/{token}/promise") { request, context in try await act(request, context, done: "promised") { portal, access in
            let fields = try await FormBody.readAll(request, context: context)
            let chosen = fields.filter { $0.0 == "invoice" }.map { InvoiceNumber($0.1) }
            let values = Dictionary(fields, uniquingKeysWith: { _, last in last })
            guard let text = values["date"], let date = CalendarDate(iso: text) else {
                throw PortalInputError("choose the date you will pay by")
            }
            _ = try await portal.promise(access, invoices: chosen, date: date, amount: values["amount"])
        } }
        router.post("portal/{token}/dispute") { request, context in try await act(request, context, done: "disputed") { portal, access in
            guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType: contentType) else {
                throw PortalInputError("the form was not sent as a file upload; reload the page and try again")
            }
            let body = try await request.body.collect(upTo: Self.maximumUploadBytes)
            let form: MultipartForm
            do { form = try MultipartForm.parse(Array(buffer: body), boundary: boundary) } catch {
                throw PortalInputError("the form could not be read (\(error)); reload the page and try again")
            }
            let files = form.parts.filter { $0.name == "file" && !($0.filename ?? "").isEmpty && !$0.body.isEmpty }
                .map { NewAttachment(filename: $0.filename ?? "attachment", contentType: "", bytes: $0.body) }
            try await portal.dispute(access, invoice: InvoiceNumber(form.part("invoice")?.text ?? ""), type: form.part("type")?.text ?? "",
                                     comment: form.part("comment")?.text, attachments: files)
        } }
        router.post("portal/{token}/copy") { request, context in try await act(request, context, done: "copy") { portal, access in
            let fields = try await FormBody.read(request, context: context)
            try await portal.requestCopy(access, invoice: InvoiceNumber(fields["invoice"] ?? ""))
        } }
        router.post("portal/{token}/contact") { request, context in try await act(request, context, done: "contact") { portal, access in
            let fields = try await FormBody.read(request, context: context)
            try await portal.proposeContact(access, name: fields["name"], email: fields["email"], phone: fields["phone"])
        } }
    }

    static let notices = [
        "promised": "Thank you: your promise is recorded. We will not send reminders for those invoices before that date.",
        "disputed": "Thank you: your dispute is recorded and a person will look into it. We will not send reminders for that invoice meanwhile.",
        "copy": "Thank you: we will send you a copy of the invoice.",
        "contact": "Thank you: a person will check and update your contact details.",
    ]

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                           HTTPField.Name("Referrer-Policy")!: "no-referrer",
                                           HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; img-src 'self' https:; style-src 'unsafe-inline'; frame-ancestors 'none'"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The portal of the request's token, or the refusal page to answer instead.
    private func open(_ context: AppContext) async throws -> Result<(PortalService, PortalAccess), PortalRefusal> {
        guard let portal = services.portal else { return .failure(.unknown) }
        let token = context.parameters.get("token") ?? ""
        do {
            return .success((portal, try await portal.open(token)))
        } catch let refusal as PortalRefusal {
            return .failure(refusal)
        }
    }

    static func refusal(_ refusal: PortalRefusal) throws -> Response {
        let status: HTTPResponse.Status = switch refusal {
        case .expired: .gone
        case .unknown: .notFound
        case .invalid, .revoked: .forbidden
        }
        return html(try PageTemplates.render("portal-refused", ["title": "Link not valid", "message": refusal.description]), status: status)
    }

    private func act(_ request: Request, _ context: AppContext, done: String,
                     _ change: (PortalService, PortalAccess) async throws -> Void) async throws -> Response {
        let (portal, access): (PortalService, PortalAccess)
        switch try await open(context) {
        case .failure(let refusal): return try Self.refusal(refusal)
        case .success(let opened): (portal, access) = opened
        }
        do {
            try await change(portal, access)
        } catch let error as PortalInputError {
            return try await page(request, context, error: error.description)
        } catch let error as CashApplicationError {
            return try await page(request, context, error: error.description)
        }
        return Response.redirect(to: "/portal/\(PageRoutes.pathComponent(access.token))?done=\(done)", type: .normal)
    }

    func page(_ request: Request, _ context: AppContext, error: String?) async throws -> Response {
        let (portal, access): (PortalService, PortalAccess)
        switch try await open(context) {
        case .failure(let refusal): return try Self.refusal(refusal)
        case .success(let opened): (portal, access) = opened
        }
        if error == nil {
            try await portal.recordVisit(access, userAgent: request.headers[.userAgent], method: request.method.rawValue)
        }
        let today = try services.today()
        let profile = try await services.ledger.companyProfile()
        let policy = try await services.ledger.activePolicy()?.policy ?? DunningPolicy()
        let base = "/portal/" + PageRoutes.pathComponent(access.token)
        var page = try Self.company(profile)
        page["title"] = access.customer.name
        page["customer"] = access.customer.name
        page["self"] = base
        page["today"] = today.iso
        page["latest"] = today.adding(days: policy.portalPromiseMaxDays).iso
        page["error"] = error ?? false
        let notice: String? = error == nil ? request.uri.queryParameters["done"].flatMap { Self.notices[String($0)] } : nil
        page["notice"] = notice ?? false
        page["invoices"] = access.openInvoices.map { Self.row($0, today: today, base: base) }
        page["hasInvoices"] = !access.openInvoices.isEmpty
        page["disputeTypes"] = DisputeType.namedByPeople.map { ["value": $0.rawValue, "label": Self.disputeLabel($0)] }
        let byCurrency = Dictionary(grouping: access.openInvoices, by: \.openAmount.currency)
        page["currencies"] = try byCurrency.keys.sorted().map { currency -> [String: Any] in
            let invoices = byCurrency[currency] ?? []
            let total = try invoices.map(\.openAmount).checkedSum(in: currency)
            let overdue = try invoices.filter { $0.daysPastDue(on: today) > 0 }.map(\.openAmount).checkedSum(in: currency)
            let numbers = invoices.map(\.number)
            let instruction = profile?.instruction(for: currency)
            var payURL: Any = false
            if let target = instruction?.paymentURL(invoices: numbers, total: total, customer: access.customer.id) {
                payURL = "/c/" + portal.redirectToken(actionID: access.actionID, target: target)
            }
            return ["currency": currency.code, "total": WorkbenchPage.money(total), "overdue": WorkbenchPage.money(overdue),
                    "hasOverdue": overdue.isPositive, "payURL": payURL,
                    "bank": instruction.map { ["lines": $0.transferLines(defaultHolder: profile?.legalName ?? ""),
                                               "reference": $0.reference(for: numbers)] as [String: Any] } ?? false]
        }
        return Self.html(try PageTemplates.render("portal", page), status: error == nil ? .ok : .unprocessableContent)
    }

    static func company(_ profile: CompanyProfile?) throws -> [String: Any] {
        ["company": profile?.legalName ?? "Accounts receivable", "address": profile?.address.split(separator: "\n").map(String.init) ?? [],
         "contact": profile?.arContact ?? "", "logo": profile?.logoURL.flatMap { $0.lowercased().hasPrefix("https://") ? $0 : nil } ?? false]
    }

    static func disputeLabel(_ type: DisputeType) -> String {
        switch type {
        case .notReceived: "Not received (goods or services)"
        case .pricing: "Wrong price or amount"
        case .quality: "Quality or damage"
        case .duplicate: "Billed twice"
        case .tax: "Wrong tax"
        case .unspecified: "Other"
        }
    }

    static func row(_ invoice: Invoice, today: CalendarDate, base: String) -> [String: Any] {
        let days = invoice.daysPastDue(on: today)
        // Wording follows the facts of today: an invoice not yet past due is never "overdue".
        let stage = invoice.isDisputed ? "in dispute" : days > 0 ? "overdue \(days) day\(days == 1 ? "" : "s")" : days == 0 ? "due today" : "due in \(-days) day\(days == -1 ? "" : "s")"
        return ["number": invoice.number.rawValue, "issued": invoice.issueDate.iso, "due": invoice.dueDate.iso,
                "amount": WorkbenchPage.money(invoice.amount), "open": WorkbenchPage.money(invoice.openAmount), "stage": stage,
                "overdue": days > 0 && !invoice.isDisputed, "po": invoice.poNumber ?? "",
                "link": base + "/invoices/" + PageRoutes.pathComponent(invoice.number.rawValue)]
    }

    func invoice(_ request: Request, _ context: AppContext) async throws -> Response {
        let access: PortalAccess
        switch try await open(context) {
        case .failure(let refusal): return try Self.refusal(refusal)
        case .success(let opened): access = opened.1
        }
        let number = InvoiceNumber(context.parameters.get("number") ?? "")
        let base = "/portal/" + PageRoutes.pathComponent(access.token)
        guard let invoice = access.openInvoices.first(where: { $0.number == number }) else {
            return Self.html(try PageTemplates.render("portal-refused", ["title": "No such invoice",
                                                                         "message": "Invoice \(number.rawValue) is not one of your open invoices."]),
                             status: .notFound)
        }
        var page = try Self.company(try await services.ledger.companyProfile())
        page.merge(Self.row(invoice, today: try services.today(), base: base)) { _, new in new }
        page["title"] = "Invoice \(invoice.number.rawValue)"
        page["customer"] = access.customer.name
        page["back"] = base
        return Self.html(try PageTemplates.render("portal-invoice", page))
    }

    func statement(_ request: Request, _ context: AppContext) async throws -> Response {
        let (portal, access): (PortalService, PortalAccess)
        switch try await open(context) {
        case .failure(let refusal): return try Self.refusal(refusal)
        case .success(let opened): (portal, access) = opened
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"statement-\(try services.today().iso).csv\"",
                                               HTTPField.Name("Referrer-Policy")!: "no-referrer"],
                         body: .init(byteBuffer: ByteBuffer(string: try portal.statementCSV(access))))
    }
}

/// `/t/{token}` (the open image), `/c/{token}` (tracked links to a payment page) and
/// `/pay/{token}` (the payment link of a message without one: to the portal). They answer whatever the token: an image for every open
/// (a broken image helps nobody), a redirect only to the URL a valid token was signed for.
struct TrackingRoutes {
    let services: ServerServices

    /// The smallest transparent GIF: 1×1 pixel.
    static let pixel: [UInt8] = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
                                 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
                                 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B]

    func register(on router: Router<AppContext>) {
        router.get("t/{token}") { request, context in try await open(request, context) }
        router.head("t/{token}") { request, context in try await open(request, context) }
        router.get("c/{token}") { request, context in try await click(request, context) }
        router.head("c/{token}") { request, context in try await click(request, context) }
        router.get("pay/{token}") { request, context in try await pay(request, context) }
    }

    func open(_ request: Request, _ context: AppContext) async throws -> Response {
        if let tracking = services.tracking {
            // A failure to record must not break the image in the customer's mail.
            do {
                try await tracking.open(context.parameters.get("token") ?? "", userAgent: request.headers[.userAgent], method: request.method.rawValue)
            } catch {
                context.logger.error("an open could not be recorded", metadata: ["ar.error": "\(error)"])
            }
        }
        return Response(status: .ok, headers: [.contentType: "image/gif", .cacheControl: "no-store, private"],
                        body: .init(byteBuffer: ByteBuffer(bytes: Self.pixel)))
    }

    func click(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let tracking = services.tracking else { return try PortalRoutes.refusal(.unknown) }
        do {
            let target = try await tracking.click(context.parameters.get("token") ?? "", userAgent: request.headers[.userAgent], method: request.method.rawValue)
            var response = Response.redirect(to: target, type: .found)
            response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
            response.headers[.cacheControl] = "no-store"
            return response
        } catch let refusal as PortalRefusal {
            return try PortalRoutes.refusal(refusal)
        }
    }

    func pay(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let tracking = services.tracking, let portal = services.portal else { return try PortalRoutes.refusal(.unknown) }
        do {
            let actionID = try await tracking.legacyPaymentClick(context.parameters.get("token") ?? "", userAgent: request.headers[.userAgent],
                                                                 method: request.method.rawValue)
            return Response.redirect(to: "/portal/" + PageRoutes.pathComponent(portal.portalToken(actionID: actionID)) + "#pay", type: .found)
        } catch let refusal as PortalRefusal {
            return try PortalRoutes.refusal(refusal)
        }
    }
}
