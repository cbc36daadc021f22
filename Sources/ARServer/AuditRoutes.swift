import ARAgent
import ARCore
import Hummingbird

/// `/audit`: the audit log, newest first, filtered by entity, id and person, in keyset pages.
struct AuditRoutes {
    let services: ServerServices

    static let pageSize = 100

    func register(on pages: RouterGroup<AppContext>) {
        pages.get("audit") { request, context in try await audit(request, context) }
    }

    func audit(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.viewer)
        let entityName = WorkbenchPage.query(request, "entity")
        let entity = entityName.flatMap(AuditEvent.Entity.init(rawValue:))
        let entityID = WorkbenchPage.query(request, "entity_id"), actor = WorkbenchPage.query(request, "actor")
        let before = WorkbenchPage.query(request, "before").flatMap(Int64.init)
        let rows = try await services.ledger.auditPage(AuditFilter(entity: entity, entityID: entityID, actor: actor, before: before), limit: Self.pageSize + 1)
        let shown = Array(rows.prefix(Self.pageSize))
        var page = WorkbenchPage.base(principal, title: "Audit log", current: "/audit")
        page["entities"] = Self.entities.map { ["name": $0.rawValue, "selected": $0 == entity] as [String: Any] }
        page["entityID"] = entityID ?? ""
        page["actor"] = actor ?? ""
        page["entries"] = shown.map { entry -> [String: Any] in
            ["id": entry.id, "at": entry.occurredAt, "actor": entry.event.actor, "entity": entry.event.entity.rawValue,
             "entityID": entry.event.entityID, "action": entry.event.action, "details": entry.event.details]
        }
        if rows.count > Self.pageSize, let last = shown.last {
            let query = [entity.map { "entity=\($0.rawValue)" }, entityID.map { "entity_id=\(PageRoutes.pathComponent($0))" },
                         actor.map { "actor=\(PageRoutes.pathComponent($0))" }, "before=\(last.id)"].compactMap { $0 }
            page["next"] = "/audit?" + query.joined(separator: "&")
        } else {
            page["next"] = false
        }
        return PageRoutes.html(try PageTemplates.render("audit", page))
    }

    static let entities: [AuditEvent.Entity] = [.customer, .invoice, .payment, .allocation, .importBatch, .action, .dispute, .promise, .hold, .user, .apiToken]
}
