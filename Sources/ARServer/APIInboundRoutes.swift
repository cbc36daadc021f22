import ARAgent
import ARCore
import Foundation
import Hummingbird
import NIOCore

/// What reading one message did, for `POST /api/v1/inbound`.
public struct InboundMailOutcome: Sendable {
    public var messageID: String
    public var status: String
    public var outcome: String
    /// The message had been read before (same Message-ID): nothing was done again.
    public var alreadyProcessed: Bool

    public init(messageID: String, status: String, outcome: String, alreadyProcessed: Bool) {
        self.messageID = messageID
        self.status = status
        self.outcome = outcome
        self.alreadyProcessed = alreadyProcessed
    }
}

/// The body is not a message that can be read (answered 422 with the reason).
public struct InboundMailRejected: Error, Sendable {
    public let reason: String
    public init(reason: String) { self.reason = reason }
}

/// Reads one raw RFC 822 message as `aragent inbox process` reads each of a Maildir's, built by
/// the composition root (the MIME parser is ARMail's, which the server does not import).
public typealias InboundMailReader = @Sendable (_ bytes: [UInt8], _ day: CalendarDate) async throws -> InboundMailOutcome

/// `POST /api/v1/inbound`: the inbound-mail webhook. A mail provider's inbound route (or a
/// `.forward` piping into curl) posts each message's raw bytes; it is stored once by its
/// Message-ID, tied, classified and acted on as by `aragent inbox process`. Posting the same
/// message again does nothing twice and says so.
struct APIInboundRoutes {
    let services: ServerServices

    /// 25 MiB: more than the largest message common providers accept (Gmail and Microsoft 365
    /// take 25 MB and 35 MB with encoding overhead), so nothing real is refused; the message is
    /// held in memory while it is parsed.
    static let maximumBytes = 25 * 1024 * 1024

    func register(on api: RouterGroup<AppContext>) {
        api.post("inbound") { request, context in try await receive(request, context) }
    }

    func receive(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.require(.collector)
        guard let reader = services.inbound else {
            throw Problem(.serviceUnavailable, title: "Not available", detail: "this server reads no inbound mail", field: nil)
        }
        var request = request
        let bytes: [UInt8]
        do {
            bytes = Array(buffer: try await request.collectBody(upTo: Self.maximumBytes))
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, title: "Content too large",
                          detail: "the message is larger than \(Self.maximumBytes / (1024 * 1024)) MiB (\(Self.maximumBytes) bytes)", field: "body")
        }
        guard !bytes.isEmpty else { throw Problem.invalid("body", "the body is empty; send the message's raw bytes (RFC 822) as the body") }
        let outcome: InboundMailOutcome
        do {
            outcome = try await reader(bytes, try services.today())
        } catch let rejected as InboundMailRejected {
            throw Problem(.unprocessableContent, title: "Not a readable message", detail: rejected.reason, field: "body")
        }
        let object: [String: Any] = ["message_id": outcome.messageID, "status": outcome.status, "outcome": outcome.outcome,
                                     "already_processed": outcome.alreadyProcessed]
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: APIJSON.text(object))))
    }
}
