import ARAgent
import ARCore
import Foundation
import Hummingbird

/// `/cash`: the cash-application review queue (accept a suggestion, split by hand, reject as
/// not customer cash), the unmatched lines, and reversal of an allocation with a reason.
/// Decisions need the collector role; each goes through ``ReviewService`` or the store, the same
/// as `aragent review …`.
struct CashRoutes {
    let services: ServerServices

    /// Bank lines the review queue shows at once.
    static let pageSize = 25
    /// Invoice-and-amount rows the split form offers.
    static let splitRows = 4

    func register(on pages: RouterGroup<AppContext>) {
        pages.get("cash") { request, context in try await queue(request, context, error: nil) }
        pages.post("cash/{id}/accept") { request, context in try await decide(request, context, done: "accepted") { form, id in
            guard let rank = form.text("suggestion").flatMap(Int.init) else { throw PageError("say which suggestion to accept") }
            try await ReviewService(store: services.ledger).accept(transaction: id, suggestion: rank, actor: form.principal.auditName)
        } }
        pages.post("cash/{id}/split") { request, context in try await decide(request, context, done: "split") { form, id in
            var parts: [ReviewService.Part] = []
            for row in 1...Self.splitRows {
                let invoice = form.text("invoice\(row)"), amount = form.text("amount\(row)")
                switch (invoice, amount) {
                case (nil, nil): continue
                case (let invoice?, let amount?): parts.append(ReviewService.Part(invoice: invoice, amount: amount))
                default: throw PageError("row \(row) of the split needs both an invoice and an amount")
                }
            }
            try await ReviewService(store: services.ledger).split(transaction: id, parts: parts, note: form.text("note") ?? "split by hand",
                                                                  actor: form.principal.auditName)
        } }
        pages.post("cash/{id}/reject") { request, context in try await decide(request, context, done: "rejected") { form, id in
            try await services.ledger.reject(transactionID: id, note: try form.required("note", "Why it is not customer cash"), actor: form.principal.auditName)
        } }
        pages.post("cash/allocations/{id}/reverse") { request, context in try await reverse(request, context) }
    }

    private func decide(_ request: Request, _ context: AppContext, done: String,
                        _ change: (PageForm, Int64) async throws -> Void) async throws -> Response {
        let form = try await PageForm.read(request, context, needs: .collector)
        guard let id = Int64(try WorkbenchPage.parameter(context)) else {
            throw Problem(.notFound, title: "No such bank line", detail: "bank lines are numbered; see the cash application page")
        }
        do {
            try await change(form, id)
        } catch let error as PageError {
            return try await queue(request, context, error: "Bank line \(id): \(error.description)")
        } catch let error as CashApplicationError {
            return try await queue(request, context, error: "Bank line \(id): \(error.description)")
        }
        return WorkbenchPage.done("/cash", done)
    }

    private func reverse(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await PageForm.read(request, context, needs: .collector)
        guard let id = Int64(try WorkbenchPage.parameter(context)) else {
            throw Problem(.notFound, title: "No such allocation", detail: "allocations are numbered; see the invoice's payments")
        }
        // Only back to one of our own pages: `back` is a path of the form /invoices/… or /cash.
        let back = form.text("back").flatMap { $0.hasPrefix("/invoices/") && !$0.contains("//") && !$0.contains("\\") ? $0 : nil } ?? "/cash"
        do {
            try await services.ledger.reverse(allocationID: id, reason: try form.required("reason", "The reason for the reversal"), actor: form.principal.auditName)
        } catch let error as PageError {
            return try await queue(request, context, error: "Allocation \(id): \(error.description)")
        } catch let error as CashApplicationError {
            return try await queue(request, context, error: "Allocation \(id): \(error.description)")
        }
        return WorkbenchPage.done(back, "reversed")
    }

    func queue(_ request: Request, _ context: AppContext, error: String?) async throws -> Response {
        let principal = try context.require(.viewer)
        let review = try await services.ledger.transactions(status: .review)
        let unmatched = try await services.ledger.transactions(status: .unmatched)
        let after = WorkbenchPage.query(request, "after").flatMap(Int64.init) ?? 0
        let shown = Array(review.filter { $0.id > after }.prefix(Self.pageSize))
        let position = try await services.ledger.cashPosition()
        var page = WorkbenchPage.base(principal, title: "Cash application", current: "/cash")
        page["notice"] = error == nil ? WorkbenchPage.notice(request) : false
        page["error"] = error ?? false
        page["canDecide"] = principal.role.allows(.collector)
        page["reviewCount"] = review.count
        page["unmatchedCount"] = unmatched.count
        page["unapplied"] = position.unapplied.filter { !$0.isZero }.map(WorkbenchPage.money)
        var rows: [[String: Any]] = []
        for line in shown {
            var row = Self.line(line)
            var suggestions: [[String: Any]] = []
            for (index, proposal) in try await services.ledger.suggestions(transactionID: line.id).enumerated() {
                suggestions.append(try await suggestion(proposal, rank: index + 1, line: line.id))
            }
            row["suggestions"] = suggestions
            rows.append(row)
        }
        page["review"] = rows
        page["next"] = review.count > shown.count && shown.count == Self.pageSize ? "/cash?after=\(shown.last?.id ?? 0)" : false
        page["unmatched"] = unmatched.prefix(Self.pageSize).map(Self.line)
        return PageRoutes.html(try PageTemplates.render("cash", page), status: error == nil ? .ok : .unprocessableContent)
    }

    /// One suggestion as the page shows it. A suggestion whose invoice was paid or changed since
    /// it was made (another line of the same statement paid it, say) says so and offers no
    /// Accept: the store would refuse it anyway, and a person should not have to find out by trying.
    private func suggestion(_ proposal: MatchProposal, rank: Int, line: Int64) async throws -> [String: Any] {
        var stale: [String] = []
        for allocation in proposal.allocations {
            let open = try await services.ledger.invoice(allocation.invoice)?.openAmount
            let (needed, overflow) = allocation.amount.minorUnits.addingReportingOverflow(allocation.adjustment?.minorUnits ?? 0)
            if let open, !overflow, open.currency == allocation.amount.currency, open.minorUnits >= needed { continue }
            stale.append("\(allocation.invoice) has \(open.map(WorkbenchPage.money) ?? "nothing") open now")
        }
        return ["rank": rank, "lineID": line, "confidence": Hundredths(value: Int64(proposal.confidence) * 10).description,
                "stale": stale.isEmpty ? false : "No longer applies: " + stale.joined(separator: "; ") + ".", "applies": stale.isEmpty,
                "allocations": proposal.allocations.map { allocation in
                    "\(allocation.invoice) \(WorkbenchPage.money(allocation.amount))"
                        + (allocation.adjustment.map { " + \(WorkbenchPage.money($0)) \(allocation.adjustmentReason?.rawValue ?? "adjustment")" } ?? "")
                }.joined(separator: ", "),
                "reasons": proposal.reasons]
    }

    static func line(_ line: StoredBankTransaction) -> [String: Any] {
        let p = line.line.payment
        return ["id": line.id, "amount": WorkbenchPage.money(p.amount), "date": p.valueDate.iso, "payer": p.payerName ?? "an unnamed payer",
                "account": p.payerAccount.map(CashMatcher.masked) ?? false, "remittance": p.remittance ?? "", "summary": line.summary,
                "unapplied": WorkbenchPage.money(line.unapplied), "unappliedMinor": line.unapplied.minorUnits,
                "decimals": line.unapplied.currency.minorUnitDigits, "splitRows": Array(1...splitRows)]
    }
}
