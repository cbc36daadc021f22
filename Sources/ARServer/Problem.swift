import ARAgent
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answered as RFC 9457 `application/problem+json`, naming the field at fault where
/// there is one. HTTP statuses are decided here, at the edge, and nowhere inside.
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    /// The request field (query parameter, form or body field, header) that is wrong.
    public var field: String?
    /// The rows at fault in an uploaded file (an import), each as precise as the CLI's message.
    public var errors: [Item] = []
    var headers: HTTPFields = [:]

    /// One thing wrong at one place of an uploaded file: its line (1-based), column (1-based,
    /// 0 for the row as a whole) or field name where the parser knows them.
    public struct Item: Sendable, Equatable {
        public var line: Int
        public var column: Int?
        public var field: String?
        public var message: String

        public init(line: Int, column: Int? = nil, field: String? = nil, message: String) {
            self.line = line
            self.column = column
            self.field = field
            self.message = message
        }
    }

    public init(_ status: HTTPResponse.Status, title: String, detail: String, field: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.field = field
    }

    static func unauthorized() -> Problem {
        var problem = Problem(.unauthorized, title: "Unauthorized", detail: "send Authorization: Bearer TOKEN (create one with `aragent tokens create`)")
        problem.headers[.wwwAuthenticate] = "Bearer"
        return problem
    }

    static func invalid(_ field: String, _ detail: String) -> Problem {
        Problem(.badRequest, title: "Invalid request", detail: detail, field: field)
    }

    /// An access failure as the status a client can act on.
    static func from(_ error: AccessError) -> Problem {
        switch error {
        case .invalid(let text): return Problem(.badRequest, title: "Invalid request", detail: text)
        case .notFound(let text): return Problem(.notFound, title: "Not found", detail: text)
        case .conflict(let text): return Problem(.conflict, title: "Conflict", detail: text)
        case .badCredentials: return Problem(.unauthorized, title: "Unauthorized", detail: error.description)
        case .throttled(let seconds):
            var problem = Problem(.tooManyRequests, title: "Too many requests", detail: error.description)
            problem.headers[.retryAfter] = String(seconds)
            return problem
        }
    }

    var body: String {
        var object: [String: Any] = ["type": "about:blank", "title": title, "status": Int(status.code), "detail": detail]
        if let field { object["field"] = field }
        if !errors.isEmpty {
            object["errors"] = errors.map { item -> [String: Any] in
                ["line": item.line, "column": item.column ?? NSNull(), "field": item.field ?? NSNull(), "message": item.message]
            }
        }
        let data = Data(JSONText.encode(object))
        return String(decoding: data, as: UTF8.self)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Every error of an API route leaves as problem+json: a ``Problem`` as it is, an access error
/// by its kind, Hummingbird's own errors (an unknown route) with their status, and anything else
/// as a 500 whose detail is logged, not shown (it may hold internals).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as AccessError {
            throw Problem.from(error)
        } catch is NIOTooManyBytesError {
            // A body beyond a route's limit (each route names its own, with a better detail, where it can).
            throw Problem(.contentTooLarge, title: "Content too large", detail: "the body is larger than this route takes", field: "body")
        } catch let error as HTTPError {
            throw Problem(error.status, title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["ar.error": "\(String(reflecting: error))"])
            throw Problem(.internalServerError, title: "Internal Server Error", detail: "the server could not answer; its log says why")
        }
    }
}
