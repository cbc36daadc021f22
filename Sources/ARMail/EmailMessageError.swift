/// Why a message cannot be written as RFC 5322 / MIME. Every case names the field at fault
/// and says how to fix it, because these reach the person who edited a template or a
/// customer's contact, not a programmer.
///
/// These are checked when a message is rendered (``MIMEWriter``), so no value that would
/// break the header block (a line break in a subject, a colon in a header name) ever reaches
/// an SMTP server: that is what makes header injection impossible rather than unlikely.
public enum EmailMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An email address that is not a plain ASCII `local@domain`.
    case invalidAddress(String, reason: String)
    /// A header value (subject, display name, extra header, ...) contains CR or LF.
    case headerValueContainsLineBreak(header: String)
    /// A header value contains another control character (NUL, ESC, ...).
    case headerValueContainsControlCharacter(header: String)
    /// An extra header's name is not printable ASCII without a colon.
    case invalidHeaderName(String)
    /// An extra header tries to set a header the writer owns (From, Subject, Content-Type...).
    case reservedHeader(String)
    /// Neither To nor Cc has an address.
    case noRecipients
    /// A Message-ID (or In-Reply-To / References entry) that is not `<left@right>`.
    case invalidMessageID(String, reason: String)
    /// A List-Unsubscribe URI that cannot be written into the header.
    case invalidUnsubscribeURI(String, reason: String)
    /// One-click unsubscribe (RFC 8058) was asked for without an https URI to post to.
    case oneClickUnsubscribeNeedsHTTPS
    /// A header token too long to fold within SMTP's 998-character line limit.
    case headerLineTooLong(header: String)

    public var description: String {
        switch self {
        case let .invalidAddress(address, reason):
            return "invalid email address \(String(reflecting: address)): \(reason)"
        case let .headerValueContainsLineBreak(header):
            return "the \(header) header value contains a line break (CR or LF); header values must be a single line, "
                + "so remove the line break (this is refused to make header injection impossible)"
        case let .headerValueContainsControlCharacter(header):
            return "the \(header) header value contains a control character; remove it (tabs are allowed)"
        case let .invalidHeaderName(name):
            return "invalid header name \(String(reflecting: name)): use printable ASCII letters, digits and '-' without ':' or spaces"
        case let .reservedHeader(name):
            return "the header \(name) is written by ARMail from the message's own fields; set that field instead of an extra header"
        case .noRecipients:
            return "the message has no recipients: add at least one To or Cc address"
        case let .invalidMessageID(id, reason):
            return "invalid Message-ID \(String(reflecting: id)): \(reason); a Message-ID looks like <unique-part@domain>"
        case let .invalidUnsubscribeURI(uri, reason):
            return "invalid List-Unsubscribe URI \(String(reflecting: uri)): \(reason)"
        case .oneClickUnsubscribeNeedsHTTPS:
            return "one-click unsubscribe (List-Unsubscribe-Post) needs an https:// URI in List-Unsubscribe; add one or turn one-click off"
        case let .headerLineTooLong(header):
            return "the \(header) header has a part longer than the 998 characters a mail line may hold; shorten it"
        }
    }
}
