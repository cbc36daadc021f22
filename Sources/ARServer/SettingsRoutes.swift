import ARAgent
import ARCore
import Foundation
import Hummingbird

/// `/settings` (admin): the company identity and message links the server composes with, the
/// people who sign in (add, disable), and API tokens (created here or with `aragent tokens
/// create`; a token is shown once, only its hash is kept). Configuration itself (mail server,
/// database) comes from flags, the environment or the config file, read once at start; the
/// page shows it, never a secret.
struct SettingsRoutes {
    let services: ServerServices

    func register(on pages: RouterGroup<AppContext>) {
        pages.get("settings") { request, context in try await page(request, context, error: nil, token: nil) }
        pages.post("settings/users") { request, context in
            let form = try await PageForm.read(request, context, needs: .admin)
            do {
                let name = try form.required("name", "The user name")
                let role = try Role.parse(try form.required("role", "The role"), what: "role")
                try await services.access.addUser(name: name, role: role, password: try form.required("password", "The password"), actor: form.principal.auditName)
            } catch let error as AccessError {
                return try await page(request, context, error: error.description, token: nil)
            } catch let error as PageError {
                return try await page(request, context, error: error.description, token: nil)
            }
            return WorkbenchPage.done("/settings", "user-added")
        }
        pages.post("settings/users/{name}/disable") { request, context in
            let form = try await PageForm.read(request, context, needs: .admin)
            let name = try WorkbenchPage.parameter(context, "name")
            guard name != form.principal.name else { return try await page(request, context, error: "You cannot disable yourself; another admin can.", token: nil) }
            do { try await services.access.disable(name: name, actor: form.principal.auditName) } catch let error as AccessError {
                return try await page(request, context, error: error.description, token: nil)
            }
            return WorkbenchPage.done("/settings", "user-disabled")
        }
        pages.post("settings/tokens") { request, context in
            let form = try await PageForm.read(request, context, needs: .admin)
            do {
                let name = try form.required("name", "The token's name")
                let role = try Role.parse(try form.required("role", "The role"), what: "role")
                let token = try await services.access.createToken(name: name, role: role, actor: form.principal.auditName)
                // Shown on this answer only (no redirect carries it; the page is not cached).
                return try await page(request, context, error: nil, token: (name, token))
            } catch let error as AccessError {
                return try await page(request, context, error: error.description, token: nil)
            } catch let error as PageError {
                return try await page(request, context, error: error.description, token: nil)
            }
        }
    }

    private func page(_ request: Request, _ context: AppContext, error: String?, token: (name: String, value: String)?) async throws -> Response {
        let principal = try context.require(.admin)
        var page = WorkbenchPage.base(principal, title: "Settings", current: "/settings")
        page["notice"] = error == nil && token == nil ? WorkbenchPage.notice(request) : false
        page["error"] = error ?? false
        page["token"] = token.map { ["name": $0.name, "value": $0.value] } ?? false
        let settings = services.composer?.settings ?? MessageSettings()
        page["identity"] = [("Company name", settings.companyName), ("Sender name", settings.senderName), ("Portal links", settings.portalBaseURL),
                            ("Payment links", settings.paymentBaseURL), ("Tracking links", settings.trackingBaseURL),
                            ("Links stay valid", "\(settings.linkLifetimeDays) days"), ("Public URL", services.publicURL?.absoluteString ?? "not set")]
            .map { ["name": $0.0, "value": $0.1] }
        page["roles"] = Role.allCases.map(\.rawValue)
        page["users"] = try await services.access.store.users().map { user -> [String: Any] in
            ["name": user.name, "role": user.role.rawValue, "disabled": user.disabled, "encoded": PageRoutes.pathComponent(user.name),
             "isSelf": user.name == principal.name]
        }
        return PageRoutes.html(try PageTemplates.render("settings", page), status: error == nil ? .ok : .unprocessableContent)
    }
}
