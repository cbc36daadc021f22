/// A mailbox: an optional display name and a plain `local@domain` address.
///
/// The address is checked when the value is made, so a malformed contact fails where it is
/// read (import, API) rather than halfway through an SMTP conversation. Only ASCII addresses
/// are accepted: a non-ASCII local part needs the SMTPUTF8 extension, which not every relay
/// offers, and an internationalised domain can always be written in its punycode (`xn--`)
/// form. Quoted local parts (`"john doe"@example.com`) are refused too: they are legal but in
/// practice only ever typos.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name ("Acme Receivables"), written as an RFC 2047 encoded-word when it is
    /// not plain ASCII. Checked for line breaks when the message is rendered.
    public let name: String?
    /// `local@domain`, without angle brackets.
    public let address: String

    public init(_ address: String, name: String? = nil) throws(EmailMessageError) {
        try Self.validate(address)
        self.address = address
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The domain part, for instance to derive a Message-ID domain from the sender.
    public var domain: Substring {
        address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...]
    }

    public var description: String {
        if let name { return "\(name) <\(address)>" }
        return "<\(address)>"
    }

    static func validate(_ address: String) throws(EmailMessageError) {
        guard !address.isEmpty else { throw .invalidAddress(address, reason: "it is empty") }
        guard address.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw .invalidAddress(address, reason: "it has non-ASCII characters; write the domain in punycode (xn--...), "
                + "non-ASCII local parts need SMTPUTF8, which ARMail does not use")
        }
        guard address.utf8.count <= 254 else { throw .invalidAddress(address, reason: "it is longer than 254 characters") }
        guard let at = address.lastIndex(of: "@") else {
            throw .invalidAddress(address, reason: "it has no '@'")
        }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64 else {
            throw .invalidAddress(address, reason: "the part before '@' must be 1 to 64 characters")
        }
        guard MailSyntax.isDotAtomText(local) else {
            throw .invalidAddress(address, reason: "the part before '@' may hold letters, digits and !#$%&'*+-/=?^_`{|}~ "
                + "with single dots between them (no spaces, quotes, commas or angle brackets)")
        }
        guard MailSyntax.isHostName(domain) else {
            throw .invalidAddress(address, reason: "the part after '@' must be a domain name such as example.com")
        }
    }
}
