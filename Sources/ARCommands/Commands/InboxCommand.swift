import ARMail
import ArgumentParser
import Foundation

/// `aragent inbox`: inbound mail as ARAgent understands it.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Read inbound mail as ARAgent understands it.",
        subcommands: [InboxParseCommand.self, InboxProcessCommand.self, InboxListCommand.self, InboxShowCommand.self, InboxBouncesCommand.self])
}

/// `aragent inbox parse FILE [--format text|json]` (CONTRACTS.md): one RFC 5322 message read
/// without storing it: sender, subject, kind (reply, bounce, auto_reply), decoded text, the
/// visible reply, bounced recipients and attachments.
struct InboxParseCommand: ConsoleCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable { case text, json }

    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what ARAgent understands of one inbound message (an .eml file), without storing it.",
        discussion: """
            kind is reply, bounce (a delivery failure report, with each failed recipient's DSN status \
            and SMTP reply code) or auto_reply (RFC 3834 and out-of-office notices). visible_text is the \
            reply without quoted history and signature. --format json prints {"message_id", "from", \
            "subject", "kind", "text", "visible_text", "bounces", "attachments"}.
            """)

    @Argument(help: "The message file (RFC 5322, as saved by a mail client or an MTA).") var file: String
    @Option(help: "text (for people) or json (CONTRACTS.md).") var format: Format = .text

    func execute(console: Console) async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw InboxParseError(file: file, problem: "cannot be read (\(Self.reason(error)))")
        }
        let message: InboundMessage
        do {
            message = try InboundMessage(parsing: Array(data))
        } catch {
            throw InboxParseError(file: file, problem: error.description)
        }
        switch format {
        case .json: console.out(Self.json(message).rendered())
        case .text: console.out(Self.text(message))
        }
    }

    static func json(_ message: InboundMessage) -> JSONValue {
        func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            ("message_id", optional(message.messageID)),
            ("from", optional(message.from)),
            ("subject", optional(message.subject)),
            ("kind", .string(message.kind.rawValue)),
            ("text", .string(message.text)),
            ("visible_text", .string(message.visibleText)),
            ("bounces", .array(message.bounces.map { bounce in
                .object([("recipient", .string(bounce.recipient)), ("status", .string(bounce.status)),
                         ("smtp_code", optional(bounce.smtpCode))])
            })),
            ("attachments", .array(message.attachments.map { attachment in
                .object([("filename", optional(attachment.filename)), ("content_type", .string(attachment.contentType)),
                         ("size", .number(String(attachment.size)))])
            })),
        ])
    }

    static func text(_ message: InboundMessage) -> String {
        var lines = [
            "Kind:        \(message.kind.rawValue)",
            "From:        \(message.fromName.map { "\($0) <\(message.from ?? "")>" } ?? message.from ?? "(none)")",
            "Subject:     \(message.subject ?? "(none)")",
            "Message-ID:  \(message.messageID ?? "(none)")",
        ]
        for bounce in message.bounces {
            lines.append("Bounced:     \(bounce.recipient)  status \(bounce.status)\(bounce.smtpCode.map { "  SMTP \($0)" } ?? "")")
        }
        for attachment in message.attachments {
            lines.append("Attachment:  \(attachment.filename ?? "(unnamed)")  \(attachment.contentType)  \(attachment.size) bytes")
        }
        lines.append("")
        lines.append(message.visibleText.isEmpty ? "(no text of its own)" : message.visibleText)
        return lines.joined(separator: "\n")
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, let posix = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(posix.rawValue))
        }
        return nsError.localizedDescription
    }
}

/// A message file that could not be read as mail: which file, and what is wrong with it.
struct InboxParseError: Error, CustomStringConvertible, LocalizedError {
    let file: String
    let problem: String
    var description: String { "\(file): \(problem)" }
    var errorDescription: String? { description }
}
