import ARAgent
import ARBankFormats
import ARCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /api/v1/imports/{kind}`: the body is the file itself (customers, invoices or history
/// CSV, or a bank statement in any format `aragent import statement` reads), imported by the
/// same use cases as `aragent import` (``ImportService``, ``StatementImportService``): all of it
/// or, on a bad row, nothing, with a 422 whose detail is the CLI's message, naming the row and
/// the field.
/// The largest file `POST /api/v1/imports/{kind}` takes (documented in the OpenAPI document and
/// the README).
public enum APIImportLimit {
    /// 32 MiB: a few hundred thousand invoice rows, or a year of a busy account's statements. The
    /// whole file is held in memory while it is parsed, so the limit bounds what one request can
    /// cost; larger files go through `aragent import`.
    public static let bytes = 32 * 1024 * 1024
}

struct APIImportRoutes {
    let services: ServerServices

    static var maximumBytes: Int { APIImportLimit.bytes }

    /// What may follow `/imports/`.
    enum Kind: Equatable {
        case file(ImportKind)
        case statement

        init?(_ text: String) {
            if text == "statement" { self = .statement } else if let kind = ImportKind(rawValue: text) { self = .file(kind) } else { return nil }
        }

        var name: String {
            switch self {
            case .file(let kind): kind.rawValue
            case .statement: "statement"
            }
        }

        static let names = ImportKind.allCases.map(\.rawValue) + ["statement"]
    }

    func register(on api: RouterGroup<AppContext>) {
        api.post("imports/{kind}") { request, context in try await importFile(request, context) }
    }

    func importFile(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.collector)
        let text = try context.parameters.require("kind")
        guard let kind = Kind(text) else {
            throw Problem(.notFound, title: "Not found", detail: "there is no import of '\(text)'; use \(Kind.names.joined(separator: ", "))", field: "kind")
        }
        let file = try Self.fileName(request, kind: kind)
        let options = try Self.options(request, kind: kind)
        let strict = try APIQuery.flag(request, "strict_customers")
        var request = request
        let bytes: [UInt8]
        do {
            bytes = Array(buffer: try await request.collectBody(upTo: Self.maximumBytes))
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, title: "Content too large",
                          detail: "the file is larger than the API's limit of \(Self.maximumBytes / (1024 * 1024)) MiB (\(Self.maximumBytes) bytes); import it with `aragent import \(kind.name) FILE`",
                          field: "body")
        }
        guard !bytes.isEmpty else { throw Problem.invalid("body", "the body is empty; send the file's bytes as the body") }
        return try await Idempotency(store: services.access.store).run(request, principal: principal) {
            let object: [String: Any]
            switch kind {
            case .file(let kind):
                object = try await importCSV(bytes, file: file, kind: kind, options: options, strictCustomers: strict, actor: principal.auditName)
            case .statement:
                object = try await importStatement(bytes, file: file)
            }
            return StoredResponse(status: 200, contentType: "application/json", body: APIJSON.text(object))
        }
    }

    /// As `aragent import customers|invoices|history`, matching bank lines again afterwards when
    /// the file changed the ledger (as the command does unless `--no-rematch`).
    private func importCSV(_ bytes: [UInt8], file: String, kind: ImportKind, options: ImportOptions, strictCustomers: Bool,
                           actor: String) async throws -> [String: Any] {
        let report: ImportReport
        do {
            report = try await ImportService(store: services.ledger, actor: actor)
                .importFile(bytes: bytes, file: file, kind: kind, options: options, strictCustomers: strictCustomers)
        } catch let rejected as ImportRejected {
            throw Self.rejected(rejected.description, rejected.problems)
        } catch let unknown as UnknownCustomers {
            throw Self.rejected(unknown.description, unknown.problems)
        }
        let o = report.outcome
        var rematched: Any = NSNull()
        if o.changedAnything {
            let again = try await StatementImportService(store: services.ledger).rematch(since: nil)
            rematched = ["lines": again.lines.count, "applied": again.count([.applied, .partiallyApplied]), "review": again.count([.review]),
                         "unmatched": again.count([.unmatched]), "left_alone": again.leftAlone] as [String: Any]
        }
        return [
            "kind": kind.rawValue, "file": file, "rows_read": report.rowsRead, "records": report.records, "inserted": o.inserted,
            "updated": o.updated, "unchanged": o.unchanged, "changed": o.changedAnything, "created_customers": o.createdCustomers.map(\.rawValue),
            "import_id": o.importID ?? NSNull(),
            "skipped": report.skipped.sorted { $0.key < $1.key }.map { ["reason": $0.key, "count": $0.value] as [String: Any] },
            "skipped_rows": report.skippedProblems.map { Self.item($0) }, "warnings": report.warnings, "rematched": rematched,
        ]
    }

    /// As `aragent import statement` (the policy's default threshold).
    private func importStatement(_ bytes: [UInt8], file: String) async throws -> [String: Any] {
        let report: StatementImportReport
        do {
            report = try await StatementImportService(store: services.ledger).importStatement(bytes: bytes, file: file)
        } catch let error as BankFileError {
            // The CLI's two lines, word for word.
            let detail = "\(file):\(error.line): \(error.field.map { "\($0): " } ?? "")\(error.message)\n\(file): nothing was imported."
            var problem = Problem(.unprocessableContent, title: "Import rejected", detail: detail, field: "body")
            problem.errors = [Problem.Item(line: error.line, field: error.field, message: error.message)]
            throw problem
        }
        return [
            "kind": "statement", "file": file, "format": report.format.rawValue, "credits": report.credits, "stored": report.stored,
            "duplicates": report.duplicates, "debits_skipped": report.debitsSkipped, "recovered": report.recovered,
            "auto_applied": report.autoApplied, "review": report.review, "unmatched": report.unmatched,
            "warnings": report.warnings.map { ["line": $0.line, "message": $0.message] as [String: Any] },
        ]
    }

    /// A rejected file: the CLI's message as the detail, each problem as an item.
    static func rejected(_ detail: String, _ problems: [ImportProblem]) -> Problem {
        var problem = Problem(.unprocessableContent, title: "Import rejected", detail: detail, field: "body")
        problem.errors = problems.prefix(Self.maximumItems).map { Problem.Item(line: $0.line, column: $0.column, message: $0.message) }
        return problem
    }

    /// As many problems as the CLI prints; the rest are counted in the detail.
    static let maximumItems = 50

    static func item(_ problem: ImportProblem) -> [String: Any] {
        ["line": problem.line, "column": problem.column, "message": problem.message]
    }

    /// `file`: the name the messages and the audit log give the upload (default `KIND.csv`, or
    /// `statement` for a bank file, whose format is read from its content).
    static func fileName(_ request: Request, kind: Kind) throws -> String {
        guard let text = request.uri.queryParameters["file"].map(String.init) else {
            return kind == .statement ? "statement" : "\(kind.name).csv"
        }
        guard (1...255).contains(text.count), !text.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw Problem.invalid("file", "file must be a name of 1 to 255 characters on one line, such as invoices-2026-11.csv")
        }
        return text
    }

    /// `map` (a built-in preset: ibm, xero, quickbooks) and `skip_invalid`, as `--map` and
    /// `--skip-invalid` of `aragent import`; neither applies to a statement.
    static func options(_ request: Request, kind: Kind) throws -> ImportOptions {
        var options = ImportOptions(skipInvalid: try APIQuery.flag(request, "skip_invalid"))
        guard let name = request.uri.queryParameters["map"].map(String.init) else { return options }
        guard case .file(let fileKind) = kind else { throw Problem.invalid("map", "map applies to customers, invoices and history, not to a statement") }
        let presets = BuiltInPresets.all()
        guard let mapping = presets[name] else {
            throw Problem.invalid("map", "map '\(name)' is not a built-in preset; use \(presets.keys.sorted().joined(separator: ", ")) (mapping files go through `aragent import --map FILE`)")
        }
        if let mappedKind = mapping.kind, mappedKind != fileKind {
            throw Problem.invalid("map", "the preset '\(name)' is for \(mappedKind.rawValue), not \(fileKind.rawValue); POST it to /api/v1/imports/\(mappedKind.rawValue)")
        }
        options.mapping = mapping
        return options
    }
}
