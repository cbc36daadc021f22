import ARAgent
import ARCore
import Foundation
import HTTPTypes
import Hummingbird

/// `/customers/{id}` (the whole story on one page, and what a collector does there) and
/// `/invoices`, `/invoices/{number}`.
struct CustomerRoutes {
    let services: ServerServices

    /// Entries of each kind the customer page shows (invoices, messages, payments, …).
    static let storyLimit = 200
    static let invoicePageSize = 100
    /// Timeline lines the customer page shows (the newest).
    static let timelineLimit = 300
    /// The longest note or reason a form accepts, in characters.
    static let maximumTextLength = 4_000

    func register(on pages: RouterGroup<AppContext>) {
        pages.get("customers/{id}") { request, context in try await customer(request, context, error: nil) }
        pages.post("customers/{id}/note") { request, context in try await act(request, context, needs: .collector, done: "noted") { form, id in
            let text = try form.required("text", "The note")
            guard text.count <= Self.maximumTextLength else { throw PageError("A note is at most \(Self.maximumTextLength) characters") }
            try await services.ledger.addNote(customer: id, text: text, actor: form.principal.auditName)
        } }
        pages.post("customers/{id}/promise") { request, context in try await act(request, context, needs: .collector, done: "promised") { form, id in
            let invoice = try await ownInvoice(form, of: id)
            let dateText = try form.required("date", "The date the customer will pay by")
            guard let date = CalendarDate(iso: dateText) else { throw PageError("'\(dateText)' is not a date; write YYYY-MM-DD") }
            var amount: Money?
            if let text = form.text("amount") {
                guard let parsed = try? Money(parsing: text, currency: invoice.amount.currency), parsed.isPositive else {
                    throw PageError("'\(text)' is not a positive amount in \(invoice.amount.currency.code), such as 250.00")
                }
                amount = parsed
            }
            _ = try await services.ledger.addPromise(invoice: invoice.number, date: date, amount: amount, actor: form.principal.auditName)
        } }
        pages.post("customers/{id}/dispute") { request, context in try await act(request, context, needs: .collector, done: "disputed") { form, id in
            let invoice = try await ownInvoice(form, of: id)
            let type = try form.required("type", "The dispute type")
            guard DisputeType(rawValue: type) != nil else {
                throw PageError("'\(type)' is not a dispute type; choose one of \(DisputeType.namedByPeople.map(\.rawValue).joined(separator: ", "))")
            }
            try await services.ledger.openDispute(invoice: invoice.number, type: type, note: form.text("note"), actor: form.principal.auditName)
        } }
        pages.post("customers/{id}/hold") { request, context in try await act(request, context, needs: .approver, done: "held") { form, id in
            _ = try await services.ledger.placeHold(.customer(id), reason: try form.required("reason", "The reason for the hold"), until: nil,
                                                    asOf: try services.today(), actor: form.principal.auditName)
        } }
        pages.post("customers/{id}/release") { request, context in try await act(request, context, needs: .approver, done: "released") { form, id in
            _ = try await services.ledger.releaseHold(.customer(id), note: form.text("reason"), actor: form.principal.auditName)
        } }
        pages.post("customers/{id}/revoke-portal") { request, context in try await act(request, context, needs: .collector, done: "revoked") { form, id in
            try await services.ledger.revokePortal(customer: id, actor: form.principal.auditName)
        } }
        pages.get("attachments/{id}") { request, context in try await attachment(request, context) }
        pages.get("invoices") { request, context in try await invoices(request, context) }
        pages.get("invoices/{id}") { request, context in try await invoice(request, context) }
    }

    /// Runs a customer-page form: the change in its transaction (in the store), then back to the
    /// page with its notice; a refusal is shown on the page, with what was wrong.
    private func act(_ request: Request, _ context: AppContext, needs role: Role, done: String,
                     _ change: (PageForm, CustomerID) async throws -> Void) async throws -> Response {
        let form = try await PageForm.read(request, context, needs: role)
        let id = CustomerID(try WorkbenchPage.parameter(context))
        do {
            try await change(form, id)
        } catch let error as PageError {
            return try await customer(request, context, error: error.description)
        } catch let error as CashApplicationError {
            return try await customer(request, context, error: error.description)
        }
        return WorkbenchPage.done(WorkbenchPage.path("/customers/", id.rawValue), done)
    }

    private func ownInvoice(_ form: PageForm, of customer: CustomerID) async throws -> Invoice {
        let number = try form.required("invoice", "The invoice")
        guard let invoice = try await services.ledger.invoice(InvoiceNumber(number)), invoice.customerID == customer else {
            throw PageError("invoice '\(number)' is not one of this customer's invoices")
        }
        return invoice
    }

    func customer(_ request: Request, _ context: AppContext, error: String?) async throws -> Response {
        let principal = try context.require(.viewer)
        let id = CustomerID(try WorkbenchPage.parameter(context))
        guard let story = try await services.ledger.customerStory(id, limit: Self.storyLimit) else {
            throw Problem(.notFound, title: "No such customer", detail: "there is no customer '\(id)'; the worklist and the invoices list link to every customer")
        }
        let today = try services.today()
        let c = story.customer
        var page = WorkbenchPage.base(principal, title: c.name, current: "")
        page["notice"] = error == nil ? WorkbenchPage.notice(request) : false
        page["error"] = error ?? false
        page["name"] = c.name
        page["id"] = c.id.rawValue
        page["self"] = WorkbenchPage.path("/customers/", c.id.rawValue)
        page["key"] = c.isKeyAccount
        page["email"] = c.email ?? "no email address"
        page["phone"] = c.phone ?? "no phone number"
        page["owner"] = c.accountOwner ?? "nobody"
        page["terms"] = c.paymentTermsDays.map { "\($0) days" } ?? "default terms"
        page["creditLimit"] = c.creditLimit.map(WorkbenchPage.money) ?? "none"
        let activeHold = story.holds.contains { $0.target == .customer(c.id) && $0.isActive(on: today) }
        page["onHold"] = activeHold
        // Balances and the payment profile from all of the customer's invoices (the story holds
        // them all; the page lists the newest), with the same rules as the reports and the planner.
        let aging = try AgingReport(asOf: today, invoices: story.invoices, customerNames: [c.id: c.name])
        page["balances"] = aging.customers.map { row -> [String: Any] in
            ["currency": row.row.currency.code, "open": WorkbenchPage.money(row.row.total), "overdue": WorkbenchPage.money(row.row.overdue)]
        }
        let behaviour = PaymentBehaviour.profiles(invoices: story.invoices, asOf: today)[c.id] ?? PaymentBehaviour(customerID: c.id)
        let profile = CustomerProfile(customerID: c.id, behaviour: behaviour, promisesKept: story.promises.filter { $0.status == .kept }.count,
                                      promisesBroken: story.promises.filter { $0.status == .broken }.count,
                                      disputes: story.disputes.count)
        page["segment"] = profile.segment
        page["segmentReason"] = profile.reason
        page["invoiceCount"] = story.invoiceCount
        page["invoicesTruncated"] = story.invoiceCount > Self.storyLimit
        page["shown"] = Self.storyLimit
        page["invoices"] = story.invoices.prefix(Self.storyLimit).map(Self.invoiceRow)
        page["openInvoices"] = story.invoices.filter { $0.openAmount.isPositive }.map(\.number.rawValue)
        page["disputeTypes"] = DisputeType.namedByPeople.map(\.rawValue)
        page["canCollect"] = principal.role.allows(.collector)
        page["canHold"] = principal.role.allows(.approver)
        page["holdAction"] = activeHold ? "release" : "hold"
        page["holdTitle"] = activeHold ? "Release the hold" : "Place a credit hold"
        page["holdLabel"] = activeHold ? "Why it is released" : "Why (no reminders go out while it holds)"
        page["hasAttachments"] = !story.attachments.isEmpty
        page["attachments"] = story.attachments.map { file -> [String: Any] in
            ["at": WorkbenchPage.time(file.receivedAt), "invoice": file.invoice?.rawValue ?? "", "filename": file.filename, "type": file.contentType,
             "size": "\(file.size) bytes", "link": WorkbenchPage.path("/attachments/", file.id)]
        }
        page["events"] = CustomerTimeline.events(story).prefix(Self.timelineLimit).map { event -> [String: Any] in
            ["at": WorkbenchPage.time(event.at),
             "kind": event.kind.rawValue, "title": event.title, "detail": event.detail,
             "invoice": event.invoice?.rawValue ?? "", "invoiceLink": event.invoice.map { WorkbenchPage.path("/invoices/", $0.rawValue) } ?? false]
        }
        return PageRoutes.html(try PageTemplates.render("customer", page), status: error == nil ? .ok : .unprocessableContent)
    }

    static func invoiceRow(_ invoice: Invoice) -> [String: Any] {
        ["number": invoice.number.rawValue, "link": WorkbenchPage.path("/invoices/", invoice.number.rawValue), "issued": invoice.issueDate.iso,
         "due": invoice.dueDate.iso, "amount": WorkbenchPage.money(invoice.amount), "open": WorkbenchPage.money(invoice.openAmount),
         "status": invoice.status.rawValue, "disputed": invoice.isDisputed]
    }

    func invoices(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.viewer)
        let status = WorkbenchPage.query(request, "status").flatMap(InvoiceStatus.init(rawValue:))
        // `after` is the next page's key, or a number a person typed: the list starts after it.
        let after = WorkbenchPage.query(request, "after")
        let rows = try await services.ledger.invoicePage(status: status, after: after.map { InvoiceNumber($0) }, limit: Self.invoicePageSize + 1)
        let shown = Array(rows.prefix(Self.invoicePageSize))
        let names = try await services.ledger.customers(ids: Set(shown.map(\.customerID)))
        var page = WorkbenchPage.base(principal, title: "Invoices", current: "/invoices")
        page["statuses"] = InvoiceStatus.allCases.map { ["name": $0.rawValue, "selected": $0 == status] as [String: Any] }
        page["after"] = after ?? ""
        page["invoices"] = shown.map { invoice -> [String: Any] in
            var row = Self.invoiceRow(invoice)
            row["customer"] = names[invoice.customerID]?.name ?? invoice.customerID.rawValue
            row["customerLink"] = WorkbenchPage.path("/customers/", invoice.customerID.rawValue)
            return row
        }
        if rows.count > Self.invoicePageSize, let last = shown.last {
            page["next"] = "/invoices?" + [status.map { "status=\($0.rawValue)" }, "after=\(PageRoutes.pathComponent(last.number.rawValue))"].compactMap { $0 }.joined(separator: "&")
        } else {
            page["next"] = false
        }
        return PageRoutes.html(try PageTemplates.render("invoices", page))
    }

    func invoice(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.viewer)
        let number = InvoiceNumber(try WorkbenchPage.parameter(context))
        guard let invoice = try await services.ledger.invoice(number) else {
            throw Problem(.notFound, title: "No such invoice", detail: "there is no invoice '\(number)'; the invoices list shows them all")
        }
        let customer = try await services.ledger.customers(ids: [invoice.customerID])[invoice.customerID]
        var page = WorkbenchPage.base(principal, title: "Invoice \(number)", current: "/invoices")
        page.merge(Self.invoiceRow(invoice)) { _, new in new }
        page["notice"] = WorkbenchPage.notice(request)
        page["customer"] = customer?.name ?? invoice.customerID.rawValue
        page["customerLink"] = WorkbenchPage.path("/customers/", invoice.customerID.rawValue)
        page["po"] = invoice.poNumber ?? "—"
        page["paid"] = invoice.paidDate?.iso ?? "not paid"
        let payments = try await services.ledger.payments(invoice: number)
        let reversed = Set(payments.compactMap(\.allocation.reverses))
        let canReverse = principal.role.allows(.collector)
        page["hasPayments"] = !payments.isEmpty
        page["payments"] = payments.map { payment -> [String: Any] in
            let a = payment.allocation
            return ["id": a.id, "reverses": a.reverses ?? false, "date": payment.valueDate.iso, "payer": payment.payerName ?? "—",
                    "amount": WorkbenchPage.money(a.amount), "by": a.decidedBy, "reason": a.reason,
                    "canReverse": canReverse && a.reverses == nil && !reversed.contains(a.id), "back": WorkbenchPage.path("/invoices/", number.rawValue)]
        }
        page["audit"] = try await services.ledger.auditPage(AuditFilter(entity: .invoice, entityID: number.rawValue), limit: CustomerRoutes.storyLimit)
            .map { ["at": $0.occurredAt, "action": $0.event.action, "actor": $0.event.actor, "details": $0.event.details] }
        return PageRoutes.html(try PageTemplates.render("invoice", page))
    }

    /// A file a customer sent, for people signed in: always as a download (never rendered in
    /// the workbench's origin), with its checked type, under its random id.
    func attachment(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.viewer)
        let id = try WorkbenchPage.parameter(context)
        guard let (info, bytes) = try await services.ledger.attachment(id: id) else {
            throw Problem(.notFound, title: "No such file", detail: "there is no file '\(id)'; the customer page lists the files its customer sent")
        }
        let ascii = String(info.filename.unicodeScalars.filter { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 }.map(Character.init))
        return Response(status: .ok, headers: [.contentType: info.contentType, .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"\(ascii.isEmpty ? "attachment" : ascii)\"",
                                               HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                                               HTTPField.Name("Content-Security-Policy")!: "default-src 'none'; sandbox"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
