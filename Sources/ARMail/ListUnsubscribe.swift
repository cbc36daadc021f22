/// The List-Unsubscribe header (RFC 2369) and, for one-click, List-Unsubscribe-Post
/// (RFC 8058).
///
/// Why it is part of every reminder: large mailbox providers expect bulk-looking mail to
/// offer a one-click way out and may file mail without it as spam. For collections the
/// "unsubscribe" endpoint should pause reminders for the contact and tell a collector,
/// not silently drop a debt from follow-up; that is the server's business, not this type's.
public struct ListUnsubscribe: Sendable, Hashable {
    /// The URIs in order of preference, e.g. `https://ar.example.com/u/TOKEN` and
    /// `mailto:unsubscribe@example.com?subject=TOKEN`. Written without the angle brackets.
    public var uris: [String]
    /// Adds `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so a mail client may POST to
    /// the https URI without showing a page. Needs an https URI among ``uris``.
    public var oneClick: Bool

    public init(uris: [String], oneClick: Bool = true) {
        self.uris = uris
        self.oneClick = oneClick
    }

    /// One-click unsubscribe at `url` (https), with an optional mailto fallback.
    public init(oneClickURL url: String, mailto: String? = nil) {
        self.init(uris: [url] + (mailto.map { [$0] } ?? []), oneClick: true)
    }

    /// Checks each URI can stand inside `<...>` in a header and one-click has an https target.
    func validate() throws(EmailMessageError) {
        guard !uris.isEmpty else { throw .invalidUnsubscribeURI("", reason: "no URI was given") }
        for uri in uris {
            try MailSyntax.checkHeaderValue(uri, header: "List-Unsubscribe")
            guard uri.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw .invalidUnsubscribeURI(uri, reason: "it has spaces or non-ASCII characters; percent-encode them")
            }
            guard !uri.contains(where: { $0 == "<" || $0 == ">" || $0 == "," }) else {
                throw .invalidUnsubscribeURI(uri, reason: "'<', '>' and ',' end the URI in the header; percent-encode them")
            }
            let lower = uri.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") else {
                throw .invalidUnsubscribeURI(uri, reason: "use an https:// or mailto: URI")
            }
        }
        if oneClick && !uris.contains(where: { $0.lowercased().hasPrefix("https://") }) {
            throw .oneClickUnsubscribeNeedsHTTPS
        }
    }
}
