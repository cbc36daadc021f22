/// Why reading the mailbox failed, said so that the person running it knows what to change.
public enum IMAPError: Error, Sendable, CustomStringConvertible {
    case invalidConfiguration(String)
    case connectionFailed(host: String, port: Int, reason: String)
    /// The server closed the connection, or said nothing for the reply timeout.
    case connectionClosed(while: String)
    /// A tagged NO or BAD, or a greeting of BYE.
    case refused(command: String, reply: String)
    case authenticationFailed(reply: String)
    case protocolViolation(String)
    case tls(String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(text): text
        case let .connectionFailed(host, port, reason): "cannot connect to the IMAP server \(host):\(port): \(reason)"
        case let .connectionClosed(stage): "the IMAP server closed the connection or stopped answering while \(stage)"
        case let .refused(command, reply): "the IMAP server refused \(command): \(reply)"
        case let .authenticationFailed(reply): "the IMAP server refused the credentials (\(reply)); check the user in the address and ARAGENT_IMAP_PASSWORD"
        case let .protocolViolation(text): "the IMAP server answered something this client cannot read: \(text)"
        case let .tls(text): "TLS with the IMAP server failed: \(text)"
        }
    }
}
