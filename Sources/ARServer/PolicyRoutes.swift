import ARAgent
import ARCore
import Foundation
import Hummingbird

/// `/policy`: the dunning policy as the file people edit. An edit is checked (an error names its
/// line), previewed (what today's cycle would do under it, next to what it does under the active
/// one) and only then activated, by an admin, through the same checks as `aragent policy set`.
struct PolicyRoutes {
    let services: ServerServices

    /// Planned actions the preview lists (all are counted).
    static let previewRows = 50
    /// The policy file's largest accepted size: a policy is a few kilobytes.
    static let maximumBytes = 256 * 1024

    func register(on pages: RouterGroup<AppContext>) {
        pages.get("policy") { request, context in
            let principal = try context.require(.viewer)
            let body = try await services.ledger.activePolicy().map { try DunningPolicyFile.shown(body: $0.body, file: "the active policy") }
                ?? DunningPolicyFile.render(DunningPolicy())
            return try render(principal, request: request, body: body, error: nil, preview: nil)
        }
        pages.post("policy/preview") { request, context in try await submit(request, context, activate: false) }
        pages.post("policy/activate") { request, context in try await submit(request, context, activate: true) }
    }

    private func submit(_ request: Request, _ context: AppContext, activate: Bool) async throws -> Response {
        let form = try await PageForm.read(request, context, needs: .admin)
        let body = (form.fields["policy"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        guard body.utf8.count <= Self.maximumBytes else {
            return try render(form.principal, request: request, body: "", error: ErrorLine(text: "the policy is over \(Self.maximumBytes / 1024) KB; a policy is a few kilobytes", line: nil), preview: nil)
        }
        let policy: DunningPolicy
        do {
            policy = try DunningPolicyFile.read(body, file: "policy").policy
        } catch {
            return try render(form.principal, request: request, body: body, error: ErrorLine(text: error.description, line: error.line), preview: nil)
        }
        let today = try services.today()
        if activate {
            do {
                try await CollectionsService(store: services.ledger, actor: form.principal.auditName).activate(policy: policy, body: body, file: "policy")
            } catch let error as PolicyCurrencyError {
                return try render(form.principal, request: request, body: body, error: ErrorLine(text: error.description, line: nil), preview: nil)
            }
            return WorkbenchPage.done("/policy", "activated")
        }
        let service = CollectionsService(store: services.ledger)
        do {
            let edited = try await service.preview(policy: policy, asOf: today)
            let current = try await service.runCycle(asOf: today, dryRun: true)
            return try render(form.principal, request: request, body: body, error: nil,
                              preview: Preview(edited: edited.actions, skipped: edited.skipped, currentCount: current.actions.count, version: policy.version))
        } catch let error as PolicyCurrencyError {
            return try render(form.principal, request: request, body: body, error: ErrorLine(text: error.description, line: nil), preview: nil)
        }
    }

    struct ErrorLine {
        var text: String
        var line: Int?
    }

    struct Preview {
        var edited: [StoredAction]
        var skipped: [PlannedSkip]
        var currentCount: Int
        var version: String
    }

    private func render(_ principal: Principal, request: Request, body: String, error: ErrorLine?, preview: Preview?) throws -> Response {
        var page = WorkbenchPage.base(principal, title: "Dunning policy", current: "/policy")
        page["notice"] = error == nil && preview == nil ? WorkbenchPage.notice(request) : false
        page["error"] = error?.text ?? false
        page["canEdit"] = principal.role.allows(.admin)
        page["policy"] = body
        // The file with line numbers, the wrong line marked, so the error is found at a glance.
        page["lines"] = body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, text -> [String: Any] in
            ["number": index + 1, "text": String(text), "wrong": error?.line == index + 1]
        }
        page["errorLine"] = error?.line ?? false
        if let preview {
            var byKind: [String: Int] = [:]
            for action in preview.edited { byKind["\(action.action.kind.rawValue) by \(action.action.channel.rawValue)", default: 0] += 1 }
            var skips: [String: Int] = [:]
            for skip in preview.skipped { skips[String(skip.reason.prefix { $0 != ":" }), default: 0] += 1 }
            let customers = Set(preview.edited.map(\.action.customerID))
            page["preview"] = [
                "version": preview.version, "count": preview.edited.count, "currentCount": preview.currentCount,
                "proposed": preview.edited.filter { $0.status == .proposed }.count,
                "kinds": byKind.sorted { $0.key < $1.key }.map { ["kind": $0.key, "count": $0.value] as [String: Any] },
                "skips": skips.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10).map { ["reason": $0.key, "count": $0.value] as [String: Any] },
                "customers": customers.count, "hasSkips": !skips.isEmpty, "shown": min(preview.edited.count, Self.previewRows),
                "actions": preview.edited.prefix(Self.previewRows).map { stored -> [String: Any] in
                    let a = stored.action
                    return ["customer": a.customerID.rawValue, "step": a.stepID, "kind": a.kind.rawValue, "channel": a.channel.rawValue,
                            "invoices": a.invoices.map(\.rawValue).joined(separator: ", "), "amount": WorkbenchPage.money(a.total),
                            "status": stored.status.rawValue, "reason": a.reason]
                },
            ] as [String: Any]
        } else {
            page["preview"] = false
        }
        return PageRoutes.html(try PageTemplates.render("policy", page), status: error == nil ? .ok : .unprocessableContent)
    }
}
