/// The part of a reply its writer wrote: quoted history ("> …", "On … wrote:", "Am … schrieb",
/// "-----Original Message-----", an Outlook "From:/Sent:" block) and the signature after "-- "
/// are cut, because the quoted reminder reads alike under every label.
public enum ReplyBody {
    public static func visible(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        var position = 0
        while position < lines.count {
            let line = lines[position]
            let folded = ReplyText.folded(line.drop { $0 == " " || $0 == "\t" || $0 == "\r" })
            if folded.hasPrefix(">") { position += 1; continue }
            if startsHistory(folded, following: lines[(position + 1)...].prefix(historyHeaderLines)), kept.contains(where: { hasWords($0) }) { break }
            if folded.hasPrefix("-- ") || folded == "--" || folded == "-- \r", kept.contains(where: { hasWords($0) }) { break }
            if folded.contains("forwarded message") || folded.contains("weitergeleitete nachricht") { position += 1; continue }
            kept.append(line)
            position += 1
        }
        let result = kept.joined(separator: "\n")
        return hasWords(result[...]) ? result : text
    }

    /// How many lines after a "From:" line may hold the rest of an Outlook header block.
    static let historyHeaderLines = 3

    static func startsHistory(_ folded: String, following: ArraySlice<Substring>) -> Bool {
        if folded.contains("-----original message") || folded.contains("urspruengliche nachricht") { return true }
        if folded.hasPrefix("on "), folded.hasSuffix("wrote:") || folded.hasSuffix("wrote: ") { return true }
        if folded.hasPrefix("am "), folded.contains("schrieb") { return true }
        if folded.hasPrefix("from:") || folded.hasPrefix("von:") {
            return following.contains { next in
                let f = ReplyText.folded(next)
                return f.hasPrefix("sent:") || f.hasPrefix("gesendet:") || f.hasPrefix("date:") || f.hasPrefix("datum:") || f.hasPrefix("subject:") || f.hasPrefix("betreff:")
            }
        }
        return false
    }

    static func hasWords(_ text: Substring) -> Bool { text.unicodeScalars.contains { $0.properties.isAlphabetic } }
}
