import Foundation

/// One recipient a delivery failed for: who, the DSN status (RFC 3463 `class.subject.detail`)
/// and the SMTP reply code the remote server gave, when the report says.
public struct BouncedRecipient: Sendable, Equatable {
    public let recipient: String
    /// `5.1.1`; when the MTA gives none, derived from its wording (see ``BounceReason``).
    public let status: String
    /// `550`, or `nil` when the report names no SMTP reply.
    public let smtpCode: String?

    public init(recipient: String, status: String, smtpCode: String?) {
        self.recipient = recipient
        self.status = status
        self.smtpCode = smtpCode
    }
}

/// Reads the failed recipients of a bounce: from an RFC 3464 delivery-status report when
/// there is one (Final-Recipient, Action, Status, Diagnostic-Code), else from the notice
/// text non-standard MTAs write (qmail, Exim, Gmail, Domino, OpenSMTPD, ...), whose layouts
/// share a shape: the recipient's address, then the server's answer near it.
public enum BounceReport {
    /// Whether the message is a delivery failure report, and for whom.
    public static func failedRecipients(in message: MIMEPart, notice: String) -> [BouncedRecipient]? {
        if let report = deliveryStatus(in: message) { return report }
        guard let evidence = bounceEvidence(message.headers) else { return nil }
        let recipients = recipientsFromNotice(notice, headers: message.headers, message: message)
        guard !recipients.isEmpty else { return nil }
        // A subject alone ("Undeliverable: ...") is weak: a person may write it. Then the notice
        // must also say why delivery failed.
        if evidence == .subjectOnly {
            let failed = recipients.contains { $0.smtpCode != nil || !$0.status.hasSuffix(".0.0") }
            return failed ? recipients : nil
        }
        return recipients
    }

    // MARK: - RFC 3464

    static func deliveryStatus(in message: MIMEPart) -> [BouncedRecipient]? {
        let candidates = message.allParts.filter { part in
            part.contentType == "message/delivery-status" || part.contentType == "message/global-delivery-status"
                || (part.children.isEmpty && (part.mediaType == "text" || part.isMultipart)
                    && containsField("Final-Recipient", in: part.content))
        }
        guard !candidates.isEmpty else { return nil }
        var result: [BouncedRecipient] = []
        for part in candidates {
            for group in fieldGroups(MailCharset.lenientUTF8(part.content)) {
                let recipientField = group["final-recipient"] ?? group["original-recipient"]
                guard let recipient = recipientField.flatMap(addressOfTypedField) else { continue }
                let action = group["action"]?.lowercased() ?? ""
                let diagnostic = group["diagnostic-code"].map(textOfTypedField)
                let statusField = group["status"].flatMap { firstMatch(statusPattern, in: $0) }
                guard action.hasPrefix("failed") || action.hasPrefix("delayed")
                        || (action.isEmpty && (statusField?.first == "5" || statusField?.first == "4")) else { continue }
                let code = diagnostic.flatMap { firstMatch(replyCodePattern, in: $0) }
                var status = statusField ?? diagnostic.flatMap { firstMatch(statusPattern, in: $0) }
                if status == nil || status == "5.0.0" || status == "4.0.0" {
                    if let diagnostic, let refined = firstMatch(statusPattern, in: diagnostic), refined != status {
                        status = refined
                    }
                }
                let finalStatus = status ?? BounceReason.pseudoStatus(for: diagnostic ?? "", smtpCode: code, temporary: action.hasPrefix("delayed"))
                result.append(BouncedRecipient(recipient: recipient, status: finalStatus, smtpCode: code))
            }
        }
        return result.isEmpty ? nil : result
    }

    static func containsField(_ name: String, in content: [UInt8]) -> Bool {
        let text = MailCharset.lenientUTF8(content)
        return text.range(of: "\n" + name + ":", options: .caseInsensitive) != nil || text.lowercased().hasPrefix(name.lowercased() + ":")
    }

    /// The field groups of a delivery-status body (RFC 3464 §2.1): blank-line separated,
    /// folded lines joined, names lower-cased.
    static func fieldGroups(_ text: String) -> [[String: String]] {
        var groups: [[String: String]] = []
        var current: [String: String] = [:]
        var lastName: String?
        for line in ReplyText.normalizedLines(text) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { groups.append(current) }
                current = [:]
                lastName = nil
            } else if let first = line.first, first == " " || first == "\t", let name = lastName {
                current[name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                if current[name] == nil { current[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
                lastName = name
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    /// `rfc822; <user@example.com>` → `user@example.com`.
    static func addressOfTypedField(_ value: String) -> String? {
        let text = textOfTypedField(value)
        return firstMatch(addressPattern, in: text)?.lowercased()
    }

    /// `smtp; 550 5.1.1 ...` → `550 5.1.1 ...`.
    static func textOfTypedField(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";"), value[..<semicolon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            return value
        }
        return value[value.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
    }

    // MARK: - Non-standard notices

    static let bounceSenderLocalParts: Set<String> = ["mailer-daemon", "postmaster", "post_master", "mailerdaemon",
                                                      "mail-daemon", "mail.daemon", "mdaemon", "bounce", "bounces"]

    static let bounceSubjectPatterns = [
        "undeliver", "delivery status notification", "failure notice", "mail delivery failed", "returned mail",
        "delivery failure", "undelivered mail", "delivery has failed", "could not be delivered", "non-delivery",
        "nondeliverable", "non remis", "unzustellbar", "mail system error", "delivery notification",
        "message not delivered", "delivery problem", "failed delivery", "delivery status notification",
        "notificación de estado de entrega", "mail could not be delivered", "rejected:",
    ]

    enum Evidence { case sender, subjectOnly }

    /// Why the message may be a bounce: its sender (a mailer daemon, X-Failed-Recipients) or
    /// only its subject; `nil` when neither says so.
    static func bounceEvidence(_ headers: MailHeaders) -> Evidence? {
        if headers["X-Failed-Recipients"] != nil { return .sender }
        let from = headers["From"].map(EncodedWord.decode)?.lowercased() ?? ""
        if let address = firstMatch(addressPattern, in: from), let local = address.split(separator: "@").first,
           bounceSenderLocalParts.contains(String(local)) {
            return .sender
        }
        if from.contains("mail delivery") || from.contains("ndr administrator") { return .sender }
        let subject = headers.text("Subject")?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
        if AutoReply.replyPrefixes.contains(where: { subject.hasPrefix($0) }) { return nil }
        return bounceSubjectPatterns.contains { subject.contains($0) } ? .subjectOnly : nil
    }

    /// Lines after which a notice quotes the original message.
    static let originalMessageMarkers = [
        "below this line is a copy of the message", "this is a copy of the message", "original message",
        "the header of the original message", "below is a copy of the original message", "original message follows",
        "unsent message below", "message headers follow", "------ original", "headers of your message",
    ]

    /// The index of the line where a notice starts quoting the original message.
    static func originalMessageStart(_ lines: [String]) -> Int {
        lines.firstIndex { line in
            let lower = line.lowercased()
            return originalMessageMarkers.contains { lower.contains($0) }
        } ?? lines.count
    }

    /// The notice without the copy of the returned message: what the MTA itself says.
    public static func noticeWithoutOriginal(_ notice: String) -> String {
        let lines = ReplyText.normalizedLines(notice)
        return ReplyText.trimmedBlock(Array(lines[..<originalMessageStart(lines)]))
    }

    static func recipientsFromNotice(_ notice: String, headers: MailHeaders, message: MIMEPart) -> [BouncedRecipient] {
        let lines = ReplyText.normalizedLines(notice)
        let cut = originalMessageStart(lines)
        let noticeLines = Array(lines[..<cut])
        let text = noticeLines.joined(separator: "\n")
        let excluded = Set(([headers["From"], headers["To"], headers["Reply-To"], headers["Return-Path"]].compactMap { $0 })
            .flatMap { allMatches(addressPattern, in: $0.lowercased()) })

        // Addresses the MTA names as recipients, in the order it names them.
        var ordered: [String] = []
        func add(_ address: String) {
            let address = address.lowercased()
            guard !ordered.contains(address) else { return }
            if let local = address.split(separator: "@").first, bounceSenderLocalParts.contains(String(local)) { return }
            ordered.append(address)
        }
        if let failed = headers["X-Failed-Recipients"] {
            allMatches(addressPattern, in: failed).forEach(add)
        }
        if ordered.isEmpty {
            for line in noticeLines where line.range(of: "RCPT TO", options: .caseInsensitive) != nil {
                allMatches(addressPattern, in: line).forEach(add)
            }
        }
        if ordered.isEmpty {
            for line in noticeLines {
                let lower = line.lowercased()
                if lower.contains("http://") || lower.contains("https://") || lower.contains("mail from") { continue }
                for address in allMatches(addressPattern, in: line) where !excluded.contains(address.lowercased()) { add(address) }
            }
        }
        if ordered.isEmpty {
            // Some (Verizon) name the recipient only in the copy of the original message.
            let after = lines[cut...].joined(separator: "\n")
            let original = message.allParts.first { $0.contentType == "message/rfc822" || $0.contentType == "text/rfc822-headers" }
            let source = original.map { MailHeaders.split($0.content[...]).headers["To"] ?? "" } ?? ""
            let toLines = ReplyText.normalizedLines(after).filter { $0.lowercased().hasPrefix("to:") }.joined(separator: "\n")
            for address in allMatches(addressPattern, in: source + "\n" + toLines) where !excluded.contains(address) { add(address) }
        }
        guard !ordered.isEmpty else { return [] }

        // For each recipient, the text from where it is first named to where the next is.
        let lower = text.lowercased()
        let positions = ordered.map { address in lower.range(of: address)?.lowerBound }
        var result: [BouncedRecipient] = []
        for (index, address) in ordered.enumerated() {
            var context = text
            if let start = positions[index] {
                let later = positions.compactMap { $0 }.filter { $0 > start }.min() ?? lower.endIndex
                let startOffset = lower.distance(from: lower.startIndex, to: start)
                let endOffset = lower.distance(from: lower.startIndex, to: later)
                let scalars = Array(text)
                if startOffset <= scalars.count, endOffset <= scalars.count {
                    context = String(scalars[startOffset..<endOffset])
                }
            }
            // With one recipient the whole notice is about it; some (James) quote the server's
            // answer above the address.
            if ordered.count == 1 { context = text }
            let code = firstMatch(replyCodePattern, in: context)
            let status = firstMatch(statusPattern, in: context)
                ?? BounceReason.pseudoStatus(for: context, smtpCode: code, temporary: false)
            result.append(BouncedRecipient(recipient: address, status: status, smtpCode: code))
        }
        return result
    }

    // MARK: - Patterns

    static let addressPattern = try? NSRegularExpression(pattern: #"[A-Za-z0-9._%+=!#$&'*/?^`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"#)
    static let statusPattern = try? NSRegularExpression(pattern: #"(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.])"#)
    /// An SMTP reply code: three digits standing alone, followed by a space, a hyphen or the end.
    static let replyCodePattern = try? NSRegularExpression(pattern: #"(?<![\d.:/])[245][0-5]\d(?=[ -]|$)(?![\d.])"#, options: [.anchorsMatchLines])

    static func firstMatch(_ pattern: NSRegularExpression?, in text: String) -> String? {
        guard let pattern, let match = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range, in: text) else { return nil }
        return String(text[range])
    }

    static func allMatches(_ pattern: NSRegularExpression?, in text: String) -> [String] {
        guard let pattern else { return [] }
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range, in: text).map { String(text[$0]).trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
        }
    }
}
