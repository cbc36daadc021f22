import Foundation

/// The part of a reply that its sender wrote this time: the text above the quoted history
/// (`>` lines, "On … wrote:" in several languages, "-----Original Message-----", Outlook's
/// From:/Sent:/To:/Subject: block, forwarding markers) without the signature (`-- `, a
/// "-Name" sign-off, "Sent from my iPhone", a short closing block naming the sender).
public enum ReplyText {
    /// Quoted history and signature removed.
    public static func visibleText(_ text: String, sender: String? = nil) -> String {
        withoutSignature(withoutQuotedHistory(text), sender: sender)
    }

    /// Removes the quoted history. Quoted lines between the sender's own lines (an inline
    /// reply) are dropped too; the sender's lines are kept in order.
    public static func withoutQuotedHistory(_ text: String) -> String {
        let lines = joinedAttributionLines(normalizedLines(text))
        var kept: [String] = []
        var hasOwnText = false
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = trimmedSpaces(line)
            if isHistoryStart(lines, at: index) {
                // Everything below is the earlier message, once the sender has said something;
                // an attribution line at the very top opens an inline reply instead.
                if hasOwnText || isStrongHistoryMarker(lines, at: index) { break }
                index += 1
                continue
            }
            if trimmed.hasPrefix(">") {
                index += 1
                continue
            }
            kept.append(line)
            if !trimmed.isEmpty { hasOwnText = true }
            index += 1
        }
        return trimmedBlock(kept)
    }

    /// Removes a trailing signature.
    public static func withoutSignature(_ text: String, sender: String? = nil) -> String {
        var lines = normalizedLines(text)
        // "-- " (RFC 3676 §4.3) and its common variants start a signature anywhere.
        if let delimiter = lines.firstIndex(where: { isSignatureDelimiter($0) }) {
            lines = Array(lines[..<delimiter])
        }
        // Mobile footers.
        while let last = lines.lastIndex(where: { !isBlank($0) }),
              isMobileFooter(lines[last]) {
            lines = Array(lines[..<last])
        }
        // A final paragraph that is a sign-off: "-Name", or a closing word and a name, or
        // short lines naming the sender.
        let paragraphs = paragraphRanges(lines)
        if paragraphs.count >= 2, let last = paragraphs.last {
            let block = Array(lines[last])
            if isSignatureBlock(block, sender: sender) { lines = Array(lines[..<last.lowerBound]) }
        }
        return trimmedBlock(lines)
    }

    // MARK: - Quoted history

    /// Attribution lines: "On <date>, <name> wrote:" and its translations.
    static let attributionPatterns: [NSRegularExpression] = [
        #"^\s*(On|Am|Le|El|Il|Op|Em|W dniu|Den|På|Dne|Pada|Ön|В|Στις)\s.{0,300}(wrote|schrieb|a écrit|escribió|ha scritto|scritto|schreef|escreveu|napisał|skrev|napsal|menulis|yazdı|написал|написала|έγραψε)\s*(.{0,80})?:\s*$"#,
        #"^\s*.{0,200}\s(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|napisał|skrev|napsal|yazdı|написал|написала|пишет|έγραψε):\s*$"#,
        // "2012-04-02 14:20 GMT+03:00 Bob <bob@example.com>:", "Thu, 26 Jun 2014 14:00 от Alex <a@example.com>:".
        #"^\s*\S.{0,200}\d.{0,200}<[^<>\s]+@[^<>\s]+>\s*:\s*$"#,
    ].compactMap { try? NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    /// An attribution ends with a colon; checking that first keeps the regular expressions off
    /// almost every line.
    static func isAttribution(_ line: String) -> Bool {
        trimmedSpaces(line).hasSuffix(":") && line.utf8.count <= 1_000 && matches(attributionPatterns, line)
    }

    static func matches(_ patterns: [NSRegularExpression], _ line: String) -> Bool {
        let range = NSRange(line.startIndex..., in: line)
        return patterns.contains { $0.firstMatch(in: line, range: range) != nil }
    }

    /// An attribution that a client wrapped over up to three lines is joined into one, so
    /// that it is recognised (and removed) as a whole.
    static func joinedAttributionLines(_ lines: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = trimmedSpaces(line)
            if trimmed.utf8.count <= 400, !isAttribution(line),
               startsLikeAttribution(trimmed) || trimmed.first?.isNumber == true || containsAny(trimmed, [UInt8(ascii: "@")]) {
                var joined = trimmed
                var end = index
                var found = false
                while end + 1 < lines.count, end - index < 3 {
                    let next = trimmedSpaces(lines[end + 1])
                    if next.isEmpty || next.hasPrefix(">") || next.utf8.count > 400 { break }
                    joined += " " + next
                    end += 1
                    if isAttribution(joined) { found = true; break }
                }
                if found {
                    result.append(joined)
                    index = end + 1
                    continue
                }
            }
            result.append(line)
            index += 1
        }
        return result
    }

    static func startsLikeAttribution(_ trimmed: String) -> Bool {
        let starts = ["On ", "Am ", "Le ", "El ", "Il ", "Op ", "Em ", "W dniu ", "Den ", "På ", "Dne "]
        return starts.contains { trimmed.hasPrefix($0) }
    }

    static let originalMessageMarkers: [NSRegularExpression] = [
        #"^\s*[-_*]{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Oprindelig meddelelse|Originalmeddelande|Mensagem original|Исходное сообщение|Wiadomość oryginalna)\s*[-_*]{2,}\s*$"#,
        #"^\s*[-_*]{2,}\s*(Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Messaggio inoltrato|Doorgestuurd bericht)\s*[-_*]{2,}\s*$"#,
        #"^\s*Begin forwarded message:\s*$"#,
        #"^\s*-{5,}\s*Reply (above|to this email)"#,
    ].compactMap { try? NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    /// Header names an Outlook-style quoted header block is made of (with their translations).
    static let quotedHeaderNames = ["from", "sent", "to", "subject", "date", "cc", "von", "gesendet", "an", "betreff",
                                    "de", "envoyé", "à", "objet", "enviado", "para", "asunto", "da", "inviato", "oggetto",
                                    "van", "verzonden", "aan", "onderwerp", "od", "wysłano", "temat", "от", "отправлено", "тема"]

    static func quotedHeaderName(_ line: String) -> String? {
        guard let colon = line.firstIndex(of: ":"), line.distance(from: line.startIndex, to: colon) <= 40 else { return nil }
        let name = trimmedSpaces(line[..<colon].replacingOccurrences(of: "*", with: "")).lowercased()
        return quotedHeaderNames.contains(name) ? name : nil
    }

    /// A "From:" line followed, within a few lines, by another quoted header field.
    static func isQuotedHeaderBlock(_ lines: [String], at index: Int) -> Bool {
        guard let first = quotedHeaderName(lines[index]), ["from", "von", "de", "da", "van", "od", "от"].contains(first) else { return false }
        var seen = 0
        for next in lines[(index + 1)..<min(lines.count, index + 6)] {
            if quotedHeaderName(next) != nil { seen += 1 }
        }
        return seen >= 1
    }

    /// A line of dashes or underscores right above a quoted header block (Outlook, Gmail).
    static func isRuleAboveHeaderBlock(_ lines: [String], at index: Int) -> Bool {
        let trimmed = trimmedSpaces(lines[index])
        guard trimmed.count >= 5, trimmed.allSatisfy({ $0 == "-" || $0 == "_" || $0 == "=" }) else { return false }
        guard let next = lines[(index + 1)...].firstIndex(where: { !isBlank($0) }) else { return false }
        return isQuotedHeaderBlock(lines, at: next)
    }

    /// Markers after which everything is the earlier message.
    static func isStrongHistoryMarker(_ lines: [String], at index: Int) -> Bool {
        let line = lines[index]
        guard line.utf8.count <= 1_000, containsAny(line, Array(":-_=*".utf8)) else { return false }
        return matches(originalMessageMarkers, line) || isRuleAboveHeaderBlock(lines, at: index) || isQuotedHeaderBlock(lines, at: index)
    }

    static func isHistoryStart(_ lines: [String], at index: Int) -> Bool {
        isAttribution(lines[index]) || isStrongHistoryMarker(lines, at: index)
    }

    // MARK: - Signatures

    static func isSignatureDelimiter(_ line: String) -> Bool {
        guard line.utf8.count <= 80 else { return false }
        let trimmedEnd = String(line.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
        return trimmedEnd == "--" || trimmedEnd == "-- " || line == "-- " || trimmedEnd == "__" || trimmedEnd.hasPrefix("__")
            && trimmedEnd.allSatisfy { $0 == "_" }
    }

    static let mobileFooterPatterns: [NSRegularExpression] = [
        #"^\s*Sent from my (\s*[\w'’-]+){1,4}\s*$"#,
        #"^\s*Sent from (Mail|Outlook|Yahoo Mail|Samsung Mobile|my mobile device)( for (iOS|Android|Windows( 10)?))?.{0,40}$"#,
        #"^\s*(Get Outlook for (iOS|Android))\s*$"#,
        #"^\s*(Von meinem|Envoyé de mon|Enviado desde mi|Inviato da(l mio)?|Verzonden vanaf mijn) [\w\s'’-]{1,40}(gesendet)?\s*$"#,
    ].compactMap { try? NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    static func isMobileFooter(_ line: String) -> Bool { line.utf8.count <= 200 && matches(mobileFooterPatterns, line) }

    /// Closing words a sign-off paragraph starts with.
    static let closings = ["thanks", "thank you", "many thanks", "regards", "best regards", "kind regards", "best",
                           "cheers", "sincerely", "yours", "warm regards", "br", "mit freundlichen grüßen", "viele grüße",
                           "grüße", "gruß", "cordialement", "bien à vous", "saludos", "un saludo", "cordiali saluti",
                           "met vriendelijke groet", "groeten", "thx", "ta"]

    /// The last paragraph is a sign-off when it is a few short lines and: starts with "-Name"
    /// or "--", or is a closing line plus a name, or names the sender.
    static func isSignatureBlock(_ block: [String], sender: String?) -> Bool {
        guard block.count <= 12, block.allSatisfy({ $0.utf8.count <= 240 }) else { return false }
        let lines = block.map { trimmedSpaces($0) }.filter { !$0.isEmpty }
        guard let first = lines.first, lines.count <= 6, lines.allSatisfy({ $0.count <= 60 }) else { return false }
        if first.hasPrefix("-"), first.dropFirst().first.map({ $0.isLetter }) == true { return true }
        if first.hasPrefix("--") || first.hasPrefix("__") { return true }
        let opening = first.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",.!:; "))
        if lines.count >= 2, lines.count <= 3, closings.contains(opening) { return true }
        if let sender = sender?.lowercased(), !sender.isEmpty {
            let local = sender.split(separator: "@").first.map(String.init) ?? sender
            let joined = lines.joined(separator: "\n").lowercased()
            if joined.contains(sender) || (local.count >= 3 && lines.contains { $0.lowercased().hasPrefix(local) }) { return true }
        }
        return false
    }

    // MARK: - Lines

    /// The lines of `text`, whichever line breaks it uses ("\r\n" is one Character in Swift).
    static func normalizedLines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
    }

    /// Whether `line` holds any of `bytes` (ASCII), without Foundation's string search.
    static func containsAny(_ line: String, _ bytes: [UInt8]) -> Bool {
        line.utf8.contains { bytes.contains($0) }
    }

    static func paragraphRanges(_ lines: [String]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start: Int?
        for (index, line) in lines.enumerated() {
            if isBlank(line) {
                if let begun = start { ranges.append(begun..<index); start = nil }
            } else if start == nil {
                start = index
            }
        }
        if let begun = start { ranges.append(begun..<lines.count) }
        return ranges
    }

    /// Lines joined, blank lines at either end and trailing white space removed.
    static func trimmedBlock(_ lines: [String]) -> String {
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else { return "" }
        return lines[first...last].map { line in
            var scalars = Substring(line).unicodeScalars[...]
            while let end = scalars.last, end == " " || end == "\t" { scalars = scalars.dropLast() }
            return String(String.UnicodeScalarView(scalars))
        }.joined(separator: "\n")
    }

    static func isBlank(_ line: some StringProtocol) -> Bool {
        line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Spaces and tabs removed at both ends, looking only at the ends (a long line costs nothing).
    static func trimmedSpaces(_ line: some StringProtocol) -> String {
        var scalars = Substring(line).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
