import Foundation

/// One email as ARAgent sends it: addressing, a plain-text body (always, for clients and
/// filters that read only text), an optional HTML body, and the headers that tie a
/// customer's reply back to the reminder it answers.
///
/// A plain value: build it, store it, hand it to a ``Mailer``. Nothing is checked here
/// beyond what the field types guarantee; ``MIMEWriter`` checks the rest when it renders, so
/// a message edited field by field cannot slip a broken header past it.
public struct EmailMessage: Sendable, Hashable {
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    /// Where replies should go when that is not `from` (e.g. a shared AR inbox that ARAgent
    /// reads to triage disputes and promises).
    public var replyTo: [EmailAddress]
    public var subject: String
    /// The text/plain part. Line breaks may be LF or CRLF; they are written as CRLF.
    public var textBody: String
    /// The text/html part; when present the message is multipart/alternative.
    public var htmlBody: String?
    public var messageID: MessageID
    /// The Message-ID of the message this one follows up (the previous reminder).
    public var inReplyTo: MessageID?
    /// The thread so far, oldest first (RFC 5322 §3.6.4).
    public var references: [MessageID]
    public var listUnsubscribe: ListUnsubscribe?
    /// Further headers, written after the standard ones in this order (e.g. `X-ARAgent-Action`).
    public var extraHeaders: [EmailHeader]
    /// The Date header. Given by the caller (the clock lives at the edge); defaults to now.
    public var date: Date

    public init(
        from: EmailAddress,
        to: [EmailAddress],
        cc: [EmailAddress] = [],
        replyTo: [EmailAddress] = [],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        messageID: MessageID,
        inReplyTo: MessageID? = nil,
        references: [MessageID] = [],
        listUnsubscribe: ListUnsubscribe? = nil,
        extraHeaders: [EmailHeader] = [],
        date: Date = Date()
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.listUnsubscribe = listUnsubscribe
        self.extraHeaders = extraHeaders
        self.date = date
    }

    /// Makes this message a follow-up of `parent` in the same thread: In-Reply-To is the
    /// parent, References is the parent's References plus the parent (RFC 5322 §3.6.4), so
    /// mail clients group the reminders and a reply to any of them names the whole chain.
    public mutating func follow(_ parent: MessageID, parentReferences: [MessageID] = []) {
        inReplyTo = parent
        references = parentReferences + [parent]
    }

    /// The SMTP envelope recipients: To then Cc, each address once (case-insensitively), so
    /// a contact listed twice receives one copy.
    public var recipients: [EmailAddress] {
        var seen = Set<String>()
        return (to + cc).filter { seen.insert($0.address.lowercased()).inserted }
    }
}

/// An extra header field. Checked at render time: the name must be a valid field name that
/// ARMail does not write itself, the value a single line.
public struct EmailHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
