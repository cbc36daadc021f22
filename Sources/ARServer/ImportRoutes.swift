import ARAgent
import ARBankFormats
import ARCore
import Foundation
import Hummingbird

/// `/imports`: upload a customers, invoices or history CSV, or a bank statement, through the same
/// all-or-nothing import as `aragent import …`. A file with a bad row imports nothing, and the
/// page lists every problem at its row and field, as the CLI prints them.
struct ImportRoutes {
    let services: ServerServices

    /// The largest upload accepted (413 beyond): a year of a large ledger's invoices as CSV.
    static let maximumUploadBytes = 64 * 1024 * 1024
    /// Problems the page lists (the count says how many more there are).
    static let shownProblems = 50
    static let kinds = ["invoices", "customers", "history", "statement"]

    func register(on pages: RouterGroup<AppContext>) {
        pages.get("imports") { request, context in try await page(request, context, result: nil) }
        pages.post("imports") { request, context in try await upload(request, context) }
    }

    struct Result {
        var ok: Bool
        var lines: [String]
    }

    private func upload(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.viewer)
        guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType: contentType) else {
            throw Problem(.unsupportedMediaType, title: "Not a file upload", detail: "send the form as multipart/form-data, as the imports page does")
        }
        let body = try await request.body.collect(upTo: Self.maximumUploadBytes)
        let form: MultipartForm
        do { form = try MultipartForm.parse(Array(buffer: body), boundary: boundary) } catch {
            return try await page(request, context, result: Result(ok: false, lines: ["The upload could not be read: \(error.description). Choose the file again."]))
        }
        try FormBody.checkCSRF(["csrf": form.part("csrf")?.text ?? ""], principal: principal)
        _ = try context.require(.collector)
        let kind = form.part("kind")?.text ?? ""
        guard let file = form.part("file"), !file.body.isEmpty else {
            return try await page(request, context, result: Result(ok: false, lines: ["Choose a file to import; the one sent was empty."]))
        }
        let name = Self.safeName(file.filename)
        let actor = principal.auditName
        do {
            var lines: [String]
            if kind == "statement" {
                let report = try await StatementImportService(store: services.ledger, actor: "agent").importStatement(bytes: file.body, file: name)
                lines = ["\(name) (\(report.format.rawValue)): \(report.credits) credits, \(report.stored) new, \(report.duplicates) already in the ledger; \(report.debitsSkipped) debits left out.",
                         "Applied automatically: \(report.autoApplied); for review: \(report.review); unmatched: \(report.unmatched)."]
                lines += report.warnings.prefix(Self.shownProblems).map { "warning: \($0)" }
            } else {
                guard let importKind = ImportKind(rawValue: kind) else {
                    return try await page(request, context, result: Result(ok: false, lines: ["Choose what the file holds: \(Self.kinds.joined(separator: ", "))."]))
                }
                let report = try await ImportService(store: services.ledger, actor: actor).importFile(bytes: file.body, file: name, kind: importKind, options: ImportOptions())
                let o = report.outcome
                lines = ["\(name): \(report.records) \(importKind.rawValue) records read — \(o.inserted) new, \(o.updated) updated, \(o.unchanged) unchanged."]
                if !o.changedAnything { lines.append("Nothing changed: the ledger already holds this file's contents.") }
                if !o.createdCustomers.isEmpty { lines.append("Created \(o.createdCustomers.count) customers the ledger did not know; import their customers file to complete them.") }
                lines += report.warnings.prefix(Self.shownProblems).map { "warning: \($0)" }
                if let id = o.importID { lines.append("Recorded as import #\(id) in the audit log.") }
                // As after `aragent import`: new facts may explain bank lines that waited.
                if o.changedAnything {
                    let rematched = try await StatementImportService(store: services.ledger).rematch(since: nil)
                    if !rematched.lines.isEmpty {
                        lines.append("Matched again \(rematched.lines.count) bank line(s): applied \(rematched.count([.applied, .partiallyApplied])), for review \(rematched.count([.review])).")
                    }
                }
            }
            return try await page(request, context, result: Result(ok: true, lines: lines))
        } catch let rejected as ImportRejected {
            var lines = rejected.problems.prefix(Self.shownProblems).map(\.description)
            if rejected.problems.count > Self.shownProblems { lines.append("… and \(rejected.problems.count - Self.shownProblems) more problems") }
            lines.append("\(name): nothing was imported. \(rejected.hint)")
            return try await page(request, context, result: Result(ok: false, lines: lines), status: .unprocessableContent)
        } catch let unknown as UnknownCustomers {
            return try await page(request, context, result: Result(ok: false, lines: unknown.description.split(separator: "\n").map(String.init)), status: .unprocessableContent)
        } catch let error as BankFileError {
            return try await page(request, context, result: Result(ok: false, lines: ["\(name):\(error)", "\(name): nothing was imported."]), status: .unprocessableContent)
        } catch let error as ImportProblem {
            return try await page(request, context, result: Result(ok: false, lines: [error.description, "\(name): nothing was imported."]), status: .unprocessableContent)
        }
    }

    /// The uploaded file's name as shown and audited: its last path component, printable
    /// characters only, never empty.
    static func safeName(_ name: String?) -> String {
        let last = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(200).map(Character.init))
        return clean.isEmpty ? "upload" : clean
    }

    private func page(_ request: Request, _ context: AppContext, result: Result?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.require(.viewer)
        var page = WorkbenchPage.base(principal, title: "Imports", current: "/imports")
        page["canImport"] = principal.role.allows(.collector)
        page["kinds"] = Self.kinds
        page["maximum"] = "\(Self.maximumUploadBytes / 1024 / 1024) MB"
        page["result"] = result.map { ["ok": $0.ok, "lines": $0.lines] as [String: Any] } ?? false
        page["recent"] = try await services.ledger.auditPage(AuditFilter(entity: .importBatch), limit: 20).map { entry -> [String: Any] in
            ["at": entry.occurredAt, "actor": entry.event.actor, "action": entry.event.action, "details": entry.event.details]
        }
        return PageRoutes.html(try PageTemplates.render("imports", page), status: status)
    }
}
