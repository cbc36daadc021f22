/// The step of the SMTP conversation something happened in, for errors and logs.
public enum SMTPStage: String, Sendable, Hashable, CustomStringConvertible {
    case connect = "connecting"
    case greeting = "waiting for the server's greeting"
    case hello = "EHLO/HELO"
    case startTLS = "STARTTLS"
    case tlsHandshake = "the TLS handshake and the EHLO after it"
    case authentication = "AUTH"
    case mailFrom = "MAIL FROM"
    case recipient = "RCPT TO"
    case data = "DATA"
    case messageBody = "sending the message"
    case quit = "QUIT"

    public var description: String { rawValue }
}

/// Why a message was not sent, closed so an outbox can decide what to do with each case:
/// ``isPermanent`` failures (5xx replies, a refused address, refused credentials, a
/// configuration that cannot work) will fail again the same way and belong in front of a
/// person; transient ones (4xx replies, connection refused or dropped, timeouts) may be
/// retried later with backoff. Each description says what happened and how to fix it.
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message cannot be rendered (e.g. a line break in the subject). Nothing was sent.
    case invalidMessage(EmailMessageError)
    /// The configuration cannot work (e.g. an unreadable CA file). Nothing was sent.
    case invalidConfiguration(String)
    /// No TCP connection could be made (refused, unreachable, DNS failure).
    case connectionFailed(host: String, port: Int, reason: String)
    /// The TCP connection was not established within the connect timeout.
    case connectTimedOut(host: String, port: Int, after: Duration)
    /// The server did not reply within the timeout.
    case replyTimedOut(stage: SMTPStage, after: Duration)
    /// The server closed the connection (or it broke) before the message was accepted.
    case connectionClosed(stage: SMTPStage)
    /// The server sent something that is not an SMTP reply.
    case malformedReply(stage: SMTPStage, line: String)
    /// TLS is required (`.startTLS`) but the server did not offer STARTTLS.
    case startTLSNotOffered(host: String)
    /// The TLS handshake failed: usually the certificate is not trusted or is for another name.
    case tlsFailed(reason: String)
    /// Credentials are configured but the server offers none of the configured mechanisms.
    case authenticationNotOffered(offered: [String])
    /// Credentials are configured but the connection is not encrypted, so they were not sent.
    case authenticationWouldBeUnencrypted
    /// The server refused the credentials (535) or could not check them now (454).
    case authenticationFailed(reply: SMTPReply)
    /// The server refused the envelope sender.
    case senderRejected(address: String, reply: SMTPReply)
    /// The server refused a recipient; nothing was sent to anyone (see ``SMTPClient``).
    case recipientRejected(address: String, reply: SMTPReply)
    /// The server refused the message itself (after DATA or after its content).
    case messageRejected(reply: SMTPReply)
    /// The message is larger than the server's advertised SIZE limit.
    case messageTooLarge(size: Int, limit: Int)
    /// The server refused another step (greeting, EHLO, STARTTLS, ...).
    case serverRejected(stage: SMTPStage, reply: SMTPReply)
    /// The sending task was cancelled before the server accepted the message.
    case cancelled

    /// Will sending the same message again fail the same way until something is changed
    /// (the address, the configuration, the message)? Then do not retry automatically.
    public var isPermanent: Bool {
        switch self {
        case .invalidMessage, .invalidConfiguration, .startTLSNotOffered, .tlsFailed, .authenticationNotOffered,
             .authenticationWouldBeUnencrypted, .messageTooLarge:
            return true
        case .connectionFailed, .connectTimedOut, .replyTimedOut, .connectionClosed, .malformedReply, .cancelled:
            return false
        case let .authenticationFailed(reply), let .senderRejected(_, reply), let .recipientRejected(_, reply),
             let .messageRejected(reply), let .serverRejected(_, reply):
            return !reply.isTransientFailure
        }
    }

    /// May succeed if tried again later: retry with backoff.
    public var isTransient: Bool { !isPermanent }

    public var description: String {
        let verdict = isPermanent ? "Permanent: retrying will not help until this is fixed."
            : "Transient: the send may be retried later."
        return "\(problem) \(verdict)"
    }

    private var problem: String {
        switch self {
        case let .invalidMessage(error):
            return "The message was not sent because it cannot be written as email: \(error)."
        case let .invalidConfiguration(reason):
            return "The SMTP configuration cannot work: \(reason)."
        case let .connectionFailed(host, port, reason):
            return "Could not connect to the SMTP server \(host):\(port) (\(reason)); check the host and port, "
                + "and that the server is up and reachable from here."
        case let .connectTimedOut(host, port, after):
            return "Connecting to the SMTP server \(host):\(port) took longer than \(after); the server or the network "
                + "is down or a firewall drops the traffic."
        case let .replyTimedOut(stage, after):
            return "The SMTP server did not answer within \(after) during \(stage); it is overloaded or the connection "
                + "stalled (wrong port for the TLS mode, e.g. implicit TLS on 587, also looks like this)."
        case let .connectionClosed(stage):
            return "The SMTP server closed the connection during \(stage) before accepting the message."
        case let .malformedReply(stage, line):
            return "The server's reply during \(stage) is not SMTP (\(String(reflecting: String(line.prefix(120))))); "
                + "check that host and port are an SMTP server and the TLS mode matches the port."
        case let .startTLSNotOffered(host):
            return "\(host) does not offer STARTTLS, and the configuration requires TLS; use the server's TLS port "
                + "(implicitTLS on 465), or, on a trusted network only, startTLSIfAvailable."
        case let .tlsFailed(reason):
            return "The TLS handshake failed (\(reason)); check that the server's certificate is valid for the host "
                + "name used, or point trustedCAFile at the CA that issued it."
        case let .authenticationNotOffered(offered):
            let list = offered.isEmpty ? "none" : offered.joined(separator: ", ")
            return "The server offers no AUTH mechanism ARMail is configured to use (it offers: \(list)); "
                + "change authenticationMechanisms, or remove the credentials if the server needs none."
        case .authenticationWouldBeUnencrypted:
            return "Credentials are configured but the connection is not encrypted, so they were not sent; "
                + "use tls .startTLS or .implicitTLS (or set allowsPlaintextAuthentication for a local relay)."
        case let .authenticationFailed(reply):
            return "The server refused to authenticate (\(reply)); check the SMTP user name and password."
        case let .senderRejected(address, reply):
            return "The server refused the sender <\(address)> (\(reply)); the account may not be allowed to send "
                + "as this address, or the server requires authentication."
        case let .recipientRejected(address, reply):
            return "The server refused the recipient <\(address)> (\(reply)); no copy was sent to anyone. "
                + "Check the contact's address."
        case let .messageRejected(reply):
            return "The server refused the message (\(reply))."
        case let .messageTooLarge(size, limit):
            return "The message is \(size) bytes, more than the server's limit of \(limit); make it smaller."
        case let .serverRejected(stage, reply):
            return "The server refused \(stage) (\(reply))."
        case .cancelled:
            return "Sending was cancelled before the server accepted the message."
        }
    }
}
