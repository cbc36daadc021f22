import ARAgent
import ARCore
import Foundation
import Hummingbird

/// One proposed action before it is decided: its message as it would be sent (subject, the
/// plain-text part and the HTML part), a change of tone or template, a note with the decision;
/// and decisions on many actions at once from the approvals list.
struct ApprovalRoutes {
    let services: ServerServices

    func register(on pages: RouterGroup<AppContext>) {
        pages.get("approvals/{id}") { request, context in try await detail(request, context, error: nil) }
        pages.post("approvals/{id}/edit") { request, context in try await editAction(request, context) }
        pages.post("approvals/bulk") { request, context in try await bulk(request, context) }
    }

    func detail(_ request: Request, _ context: AppContext, error: String?) async throws -> Response {
        let principal = try context.require(.viewer)
        let id = try WorkbenchPage.parameter(context)
        guard let stored = try await services.ledger.action(id: id) else {
            throw Problem(.notFound, title: "No such action", detail: "there is no action '\(id)'; the approvals page lists those waiting")
        }
        let a = stored.action
        let customer = try await services.ledger.customers(ids: [a.customerID])[a.customerID]
        var page = WorkbenchPage.base(principal, title: "Action", current: "/approvals")
        page["notice"] = error == nil ? WorkbenchPage.notice(request) : false
        page["error"] = error ?? false
        page["id"] = a.id
        page["encodedID"] = PageRoutes.pathComponent(a.id)
        page["customer"] = customer?.name ?? a.customerID.rawValue
        page["customerLink"] = WorkbenchPage.path("/customers/", a.customerID.rawValue)
        page["kind"] = a.kind.rawValue
        page["channel"] = a.channel.rawValue
        page["step"] = a.stepID
        page["template"] = a.template
        page["tones"] = DunningPolicy.Step.Tone.allCases.map { ["name": $0.rawValue, "selected": $0 == a.tone] as [String: Any] }
        page["status"] = stored.status.rawValue
        page["amount"] = WorkbenchPage.money(a.total)
        page["reason"] = a.reason
        page["invoices"] = a.invoices.map { ["number": $0.rawValue, "link": WorkbenchPage.path("/invoices/", $0.rawValue)] }
        page["decided"] = stored.decidedBy.map { "\(stored.status.rawValue) by \($0) at \(stored.decidedAt ?? "")\(stored.note.map { ": \($0)" } ?? "")" } ?? false
        let canDecide = principal.role.allows(.approver) && stored.status == .proposed
        page["canDecide"] = canDecide
        page["preview"] = try await preview(stored, customer: customer) ?? false
        return PageRoutes.html(try PageTemplates.render("action", page), status: error == nil ? .ok : .unprocessableContent)
    }

    /// The message as delivery would compose it now: subject, text and HTML. The HTML is shown
    /// in a sandboxed frame (no scripts, no requests: the page's policy covers it), escaped
    /// into its `srcdoc` attribute like any other value.
    private func preview(_ stored: StoredAction, customer: Customer?) async throws -> [String: Any]? {
        guard let composer = services.composer, let customer, stored.action.channel != .none, stored.action.channel != .call else { return nil }
        var invoices: [Invoice] = []
        for number in stored.action.invoices { if let invoice = try await services.ledger.invoice(number) { invoices.append(invoice) } }
        let today = try services.today()
        let account = MessageComposer.accountNeeded(for: stored.action)
            ? try await services.ledger.accountStandings(customer: customer.id, currency: stored.action.total.currency, asOf: today) : []
        do {
            let message = try composer.compose(stored.action, customer: customer, invoices: invoices, account: account, asOf: today,
                                               now: Int64(services.now().timeIntervalSince1970))
            return ["subject": message.subject, "text": message.text, "html": message.html]
        } catch {
            return ["problem": "The message cannot be composed: \(error). Fix the template before approving."]
        }
    }

    private func editAction(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await PageForm.read(request, context, needs: .approver)
        let id = try WorkbenchPage.parameter(context)
        let tone = try form.text("tone").map { text -> DunningPolicy.Step.Tone in
            guard let tone = DunningPolicy.Step.Tone(rawValue: text) else { throw PageError("'\(text)' is not a tone") }
            return tone
        }
        do {
            try await services.ledger.edit(actionID: id, template: form.text("template"), tone: tone, actor: form.principal.auditName)
        } catch let error as PageError {
            return try await detail(request, context, error: error.description)
        } catch let error as CashApplicationError {
            return try await detail(request, context, error: error.description)
        } catch {
            // The store refuses an edit of an action that is no longer proposed, or a template it does not know.
            return try await detail(request, context, error: String(describing: error))
        }
        return WorkbenchPage.done(WorkbenchPage.path("/approvals/", id), "edited")
    }

    /// Approve or reject every checked action; each decided in its own transaction, so one that
    /// someone else decided meanwhile is reported and the others still go through.
    private func bulk(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.viewer)
        let pairs = try await FormBody.readAll(request, context: context)
        let fields = Dictionary(pairs, uniquingKeysWith: { _, last in last })
        try FormBody.checkCSRF(fields, principal: principal)
        _ = try context.require(.approver)
        let ids = pairs.filter { $0.0 == "id" }.map(\.1)
        guard let decision = fields["decision"], ["approve", "reject"].contains(decision) else {
            throw Problem.invalid("decision", "decision must be approve or reject")
        }
        guard !ids.isEmpty else { return WorkbenchPage.done("/approvals", "none") }
        let note = fields["note"].flatMap { $0.isEmpty ? nil : $0 }
        var refused: [String] = []
        for id in ids {
            do {
                _ = try await ActionDecision(ledger: services.ledger).decide(id: id, approve: decision == "approve", actor: principal.auditName, note: note)
            } catch let problem as Problem {
                refused.append(problem.detail)
            }
        }
        guard refused.isEmpty else {
            throw Problem(.conflict, title: "Some actions were not decided",
                          detail: "\(ids.count - refused.count) of \(ids.count) were \(decision == "approve" ? "approved" : "rejected"); not: " + refused.joined(separator: "; "))
        }
        return WorkbenchPage.done("/approvals", decision == "approve" ? "approved-many" : "declined-many")
    }
}
