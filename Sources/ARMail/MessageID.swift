/// A Message-ID (RFC 5322 §3.6.4): `<left@right>`, globally unique for one message.
///
/// Why callers may bring their own: the outbox retries a failed send, and a retry must carry
/// the same Message-ID so that a server that did accept the first attempt (a reply lost on
/// the way back) and the customer's client see one message, not two. Derive it from the
/// action's id (``init(localPart:domain:)``); use ``random(domain:)`` for one-off mail.
/// The same value threads replies: the customer's answer carries it in In-Reply-To.
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
    /// `left@right`, without the angle brackets.
    public let value: String

    /// Parses `<left@right>` or `left@right`.
    public init(_ text: String) throws(EmailMessageError) {
        var inner = Substring(text)
        if inner.hasPrefix("<") && inner.hasSuffix(">") && inner.count >= 2 {
            inner = inner.dropFirst().dropLast()
        }
        guard let at = inner.lastIndex(of: "@") else {
            throw .invalidMessageID(text, reason: "it has no '@'")
        }
        try self.init(checkedLeft: inner[..<at], right: inner[inner.index(after: at)...], original: text)
    }

    /// `<localPart@domain>`, for an id derived from something stable such as an action id.
    public init(localPart: String, domain: String) throws(EmailMessageError) {
        try self.init(checkedLeft: Substring(localPart), right: Substring(domain), original: "\(localPart)@\(domain)")
    }

    /// `<128 random bits in hex@domain>`: unique without coordination between instances.
    public static func random(domain: String) throws(EmailMessageError) -> MessageID {
        var generator = SystemRandomNumberGenerator()
        let left = (0..<2).map { _ in hex(generator.next() as UInt64) }.joined()
        return try MessageID(localPart: left, domain: domain)
    }

    /// `<left@right>`, as written in headers.
    public var bracketed: String { "<\(value)>" }

    public var description: String { bracketed }

    private init(checkedLeft left: Substring, right: Substring, original: String) throws(EmailMessageError) {
        guard MailSyntax.isDotAtomText(left) else {
            throw .invalidMessageID(original, reason: "the part before '@' may hold letters, digits, dots and !#$%&'*+-/=?^_`{|}~ only")
        }
        guard MailSyntax.isDotAtomText(right) else {
            throw .invalidMessageID(original, reason: "the part after '@' must be a domain such as mail.example.com")
        }
        guard left.utf8.count + right.utf8.count + 3 <= 250 else {
            throw .invalidMessageID(original, reason: "it is longer than 250 characters")
        }
        self.value = "\(left)@\(right)"
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
