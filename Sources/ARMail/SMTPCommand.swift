import Foundation

/// A command the client sends. Its bytes go on the wire; its ``logDescription`` goes to the
/// log, and hides anything derived from the credentials (base64 is not encryption: an AUTH
/// line in a log is the password in the log).
enum SMTPCommand: Equatable {
    case ehlo(String)
    case helo(String)
    case startTLS
    /// `AUTH PLAIN` with the initial response `base64(\0user\0password)` (RFC 4616).
    case authPlain(initialResponse: String)
    case authLogin
    /// A base64 answer to a 334 challenge (the user name, then the password).
    case authResponse(String)
    case mailFrom(String, size: Int?)
    case rcptTo(String)
    case data
    /// The message, already dot-stuffed and terminated by `CRLF.CRLF` (see ``SMTPData``).
    case messageData([UInt8])
    case quit

    var bytes: [UInt8] {
        switch self {
        case .messageData(let data): return data
        default: return Array((line + "\r\n").utf8)
        }
    }

    private var line: String {
        switch self {
        case let .ehlo(name): return "EHLO \(name)"
        case let .helo(name): return "HELO \(name)"
        case .startTLS: return "STARTTLS"
        case let .authPlain(response): return "AUTH PLAIN \(response)"
        case .authLogin: return "AUTH LOGIN"
        case let .authResponse(response): return response
        case let .mailFrom(address, size): return "MAIL FROM:<\(address)>" + (size.map { " SIZE=\($0)" } ?? "")
        case let .rcptTo(address): return "RCPT TO:<\(address)>"
        case .data: return "DATA"
        case .messageData: return ""
        case .quit: return "QUIT"
        }
    }

    var logDescription: String {
        switch self {
        case .authPlain: return "AUTH PLAIN <redacted>"
        case .authResponse: return "<redacted AUTH response>"
        case let .messageData(data): return "<message, \(data.count) bytes>"
        default: return line
        }
    }

    static func authPlain(_ credentials: SMTPCredentials) -> SMTPCommand {
        let token = [0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8)
        return .authPlain(initialResponse: Data(token).base64EncodedString())
    }

    static func authResponse(encoding text: String) -> SMTPCommand {
        .authResponse(Data(text.utf8).base64EncodedString())
    }
}
