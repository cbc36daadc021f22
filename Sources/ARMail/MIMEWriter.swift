import Foundation

/// Renders an ``EmailMessage`` as an RFC 5322 message with MIME bodies, ready for SMTP DATA.
///
/// What it guarantees, so the transport and the tests can rely on it:
/// - only ASCII, every line ended by CRLF, no line longer than 998 characters (headers are
///   folded near 78, body lines are quoted-printable and at most 76);
/// - a value that would start a new header line (CR or LF in a subject, display name or
///   extra header) is refused with ``EmailMessageError``, never cleaned up silently: a
///   template that produces one is a bug to fix, and refusing makes injection impossible;
/// - non-ASCII subjects and display names become RFC 2047 encoded-words;
/// - with an HTML body, multipart/alternative with text/plain first (the fallback) and
///   text/html last (the preferred), both UTF-8 quoted-printable; else a single text/plain;
/// - a fresh random boundary per message, of a shape ("=_") that quoted-printable output
///   can never contain, so no body can end a part early.
///
/// Dot-stuffing is not done here: it belongs to the SMTP transport (``SMTPClient``).
public struct MIMEWriter: Sendable {
    public init() {}

    /// The message as the text of an RFC 5322 message (ASCII only).
    public func render(_ message: EmailMessage) throws(EmailMessageError) -> String {
        try render(message, boundary: Self.randomBoundary())
    }

    /// Headers this writer owns; an extra header with one of these names is refused.
    static let reservedHeaderNames: Set<String> = [
        "date", "from", "sender", "reply-to", "to", "cc", "bcc", "subject", "message-id", "in-reply-to",
        "references", "list-unsubscribe", "list-unsubscribe-post", "mime-version", "content-type",
        "content-transfer-encoding", "return-path",
    ]

    func render(_ message: EmailMessage, boundary: String) throws(EmailMessageError) -> String {
        guard !message.recipients.isEmpty else { throw .noRecipients }
        var head = ""
        head += try field("Date", [Self.rfc5322Date(message.date)])
        head += try field("From", mailboxList([message.from], header: "From"))
        if !message.replyTo.isEmpty { head += try field("Reply-To", mailboxList(message.replyTo, header: "Reply-To")) }
        if !message.to.isEmpty { head += try field("To", mailboxList(message.to, header: "To")) }
        if !message.cc.isEmpty { head += try field("Cc", mailboxList(message.cc, header: "Cc")) }
        head += try unstructured("Subject", message.subject)
        head += try field("Message-ID", [message.messageID.bracketed])
        if let parent = message.inReplyTo { head += try field("In-Reply-To", [parent.bracketed]) }
        if !message.references.isEmpty { head += try field("References", message.references.map(\.bracketed)) }
        if let unsubscribe = message.listUnsubscribe {
            try unsubscribe.validate()
            let uris = unsubscribe.uris.enumerated().map { index, uri in
                "<\(uri)>" + (index < unsubscribe.uris.count - 1 ? "," : "")
            }
            head += try field("List-Unsubscribe", uris)
            if unsubscribe.oneClick { head += try field("List-Unsubscribe-Post", ["List-Unsubscribe=One-Click"]) }
        }
        for header in message.extraHeaders {
            guard MailSyntax.isFieldName(header.name) else { throw .invalidHeaderName(header.name) }
            guard !Self.reservedHeaderNames.contains(header.name.lowercased()) else { throw .reservedHeader(header.name) }
            head += try unstructured(header.name, header.value)
        }
        head += "MIME-Version: 1.0\r\n"

        let text = QuotedPrintable.encode(message.textBody)
        guard let html = message.htmlBody else {
            head += "Content-Type: text/plain; charset=UTF-8\r\n"
            head += "Content-Transfer-Encoding: quoted-printable\r\n"
            return head + "\r\n" + text + (text.hasSuffix("\r\n") ? "" : "\r\n")
        }
        head += "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n"
        var body = "This is a multi-part message in MIME format.\r\n"
        body += "\r\n--\(boundary)\r\n" + Self.partHeaders("text/plain") + "\r\n" + text
        body += "\r\n--\(boundary)\r\n" + Self.partHeaders("text/html") + "\r\n" + QuotedPrintable.encode(html)
        body += "\r\n--\(boundary)--\r\n"
        return head + "\r\n" + body
    }

    private static func partHeaders(_ type: String) -> String {
        "Content-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
    }

    /// `=_ARAgent_` and 32 random hex digits: unguessable, so a body cannot forge it, and
    /// `=_` cannot occur in quoted-printable text, so a body cannot contain it by chance.
    static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<2).map { _ -> String in
            let value = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - value.count) + value
        }
        return "=_ARAgent_" + digits.joined()
    }

    // MARK: Header fields

    /// `Name: item item` with a fold (CRLF + space) before any item that would carry the line
    /// past 78 characters. Items never contain line breaks (checked by their producers).
    private func field(_ name: String, _ items: [String]) throws(EmailMessageError) -> String {
        var result = name + ":"
        var lineLength = result.utf8.count
        for (index, item) in items.enumerated() {
            let width = item.utf8.count
            // Never fold before an empty item: a line of only whitespace is not allowed.
            if index > 0, width > 0, lineLength + 1 + width > 78 {
                result += "\r\n"
                lineLength = 0
            }
            result += " " + item
            lineLength += 1 + width
            guard lineLength <= 998 else { throw .headerLineTooLong(header: name) }
        }
        return result + "\r\n"
    }

    /// Free text (Subject, extra header values): plain ASCII folds at its spaces; anything
    /// else (non-ASCII, text that looks like an encoded-word, words too long to fold) is
    /// written as encoded-words.
    private func unstructured(_ name: String, _ value: String) throws(EmailMessageError) -> String {
        try MailSyntax.checkHeaderValue(value, header: name)
        if MailSyntax.isPlainASCII(value), !value.contains("=?") {
            let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if words.allSatisfy({ name.utf8.count + 2 + $0.utf8.count <= 998 }) {
                return try field(name, words)
            }
        }
        return try field(name, EncodedWord.encode(value))
    }

    /// Mailboxes separated by commas, each `phrase <address>` or a bare address.
    private func mailboxList(_ addresses: [EmailAddress], header: String) throws(EmailMessageError) -> [String] {
        var items: [String] = []
        for (index, mailbox) in addresses.enumerated() {
            var tokens: [String] = []
            if let name = mailbox.name {
                try MailSyntax.checkHeaderValue(name, header: "\(header) display name")
                tokens = Self.phrase(name)
                tokens.append("<\(mailbox.address)>")
            } else {
                tokens = [mailbox.address]
            }
            if index < addresses.count - 1, let last = tokens.popLast() { tokens.append(last + ",") }
            items += tokens
        }
        return items
    }

    /// A display name as header tokens: atoms as they are, other ASCII as one quoted string,
    /// non-ASCII as encoded-words (which RFC 2047 §5 forbids inside quoted strings).
    static func phrase(_ name: String) -> [String] {
        if MailSyntax.isPlainASCII(name), !name.contains("=?") {
            let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if !words.isEmpty, words.allSatisfy({ $0.utf8.allSatisfy(MailSyntax.isAtext) }) {
                return words.map(String.init)
            }
            var quoted = "\""
            for character in name {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return [quoted + "\""]
        }
        return EncodedWord.encode(name)
    }

    // MARK: Date

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sat, 29 Nov 2025 02:01:00 +0000`, always in UTC: computed from the Unix time with
    /// integer arithmetic, so it depends on no locale, calendar setting or time zone.
    static func rfc5322Date(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(day) \(months[Int(month - 1)]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60)) +0000"
    }
}
