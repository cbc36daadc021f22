import Foundation

/// What ARAgent understands of one inbound RFC 5322 message: who sent it, what it says
/// (decoded), what the sender wrote this time, whether it is a bounce or an auto-reply, and
/// its attachments. Pure: bytes in, value out.
public struct InboundMessage: Sendable {
    public enum Kind: String, Sendable { case reply, bounce, autoReply = "auto_reply" }

    public struct Attachment: Sendable, Equatable {
        public let filename: String?
        public let contentType: String
        /// Decoded bytes.
        public let size: Int

        public init(filename: String?, contentType: String, size: Int) {
            self.filename = filename
            self.contentType = contentType
            self.size = size
        }
    }

    /// Without angle brackets; `nil` when the message has none.
    public let messageID: String?
    /// The From address (`local@domain`), `nil` when there is none.
    public let from: String?
    public let fromName: String?
    public let subject: String?
    public let kind: Kind
    /// The decoded plain-text body (from HTML when the message has no plain text part).
    public let text: String
    /// The reply without quoted history and signature.
    public let visibleText: String
    public let bounces: [BouncedRecipient]
    public let attachments: [Attachment]
    /// The parsed MIME tree.
    public let root: MIMEPart

    /// Parses a message. Throws only when the bytes are not a message at all (empty, binary,
    /// no header fields); a damaged message is read as far as it goes.
    public init(parsing bytes: [UInt8]) throws(InboundMailError) {
        guard !bytes.isEmpty, bytes.contains(where: { $0 > 0x20 }) else { throw .empty }
        let probe = bytes.prefix(4096)
        let zeros = probe.filter { $0 == 0 }.count
        guard zeros * 100 <= probe.count else { throw .notAMessage(reason: "it is binary data, not text") }
        let root = MIMEPart(parsing: bytes[...])
        let known = ["from", "to", "subject", "date", "message-id", "received", "return-path", "mime-version",
                     "content-type", "sender", "reply-to", "delivered-to", "x-failed-recipients", "cc", "in-reply-to"]
        guard root.headers.fields.contains(where: { known.contains($0.name.lowercased()) }) else {
            throw .notAMessage(reason: "it has no header fields (From:, Subject:, Date:, ...) before its first empty line")
        }
        self.root = root
        let headers = root.headers
        messageID = headers["Message-ID"].flatMap(Self.messageID)
        let sender = MailboxList.first(in: headers["From"] ?? headers["Sender"] ?? "")
        from = sender?.address
        fromName = sender?.name
        subject = headers.text("Subject")

        // An empty text/plain beside a full HTML part (some clients send one) is no text.
        let hasContent = { (part: MIMEPart) in part.content.contains { $0 > 0x20 } }
        let textPart = Self.firstPart(of: root) { $0.contentType == "text/plain" && !$0.isAttachment && hasContent($0) }
            ?? Self.firstPart(of: root) { $0.contentType == "text/plain" && !$0.isAttachment && !root.allParts.contains { $0.contentType == "text/html" && hasContent($0) } }
        let htmlPart = Self.firstPart(of: root) { $0.contentType == "text/html" && !$0.isAttachment && hasContent($0) }
        var uuFiles: [UUEncodedFiles.File] = []
        if let textPart {
            var body = Self.normalizedText(textPart.text)
            if textPart.contentTypeParameters["format"]?.lowercased() == "flowed" {
                body = FlowedText.unflow(body, deleteSpace: textPart.contentTypeParameters["delsp"]?.lowercased() == "yes")
            }
            (body, uuFiles) = UUEncodedFiles.extract(from: body)
            text = body
        } else if let htmlPart {
            text = HTMLText.text(fromHTML: htmlPart.text)
        } else if root.children.isEmpty, root.mediaType == "text" || root.isMultipart || root.headers["Content-Type"] == nil {
            // A plain message, or a multipart one whose boundaries are missing: its body is the text.
            (text, uuFiles) = UUEncodedFiles.extract(from: Self.normalizedText(root.text))
        } else {
            text = ""
        }
        attachments = root.allParts.filter(\.isAttachment).map {
            Attachment(filename: $0.filename, contentType: $0.contentType, size: $0.content.count)
        } + uuFiles.map { Attachment(filename: $0.name, contentType: MediaTypes.guess(filename: $0.name), size: $0.bytes.count) }
        if let failed = BounceReport.failedRecipients(in: root, notice: text) {
            kind = .bounce
            bounces = failed
        } else {
            kind = AutoReply.isAutoReply(headers) ? .autoReply : .reply
            bounces = []
        }
        switch kind {
        case .reply: visibleText = ReplyText.visibleText(text, sender: from)
        case .autoReply: visibleText = ReplyText.withoutQuotedHistory(text)
        case .bounce: visibleText = BounceReport.noticeWithoutOriginal(text)
        }
    }

    /// The first part, depth first, that `matches`, not descending into attached messages
    /// (message/rfc822): their text is the earlier message, not this one's.
    static func firstPart(of part: MIMEPart, where matches: (MIMEPart) -> Bool) -> MIMEPart? {
        if matches(part) { return part }
        guard part.isMultipart else { return nil }
        for child in part.children {
            if let found = firstPart(of: child, where: matches) { return found }
        }
        return nil
    }

    /// Line breaks as LF.
    static func normalizedText(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        return ReplyText.normalizedLines(text).joined(separator: "\n")
    }

    static func messageID(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.firstIndex(of: "<"), let close = trimmed[open...].firstIndex(of: ">") {
            let inner = trimmed[trimmed.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            return inner.isEmpty ? nil : inner
        }
        return trimmed.isEmpty ? nil : trimmed
    }
}
