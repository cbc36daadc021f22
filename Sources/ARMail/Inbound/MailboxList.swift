import Foundation

/// Mailboxes in an address field as received (RFC 5322 §3.4): `Name <local@domain>`,
/// `"Last, First" <local@domain>`, `local@domain (Name)`, bare `local@domain`, groups;
/// display names with RFC 2047 encoded-words decoded. Unlike ``EmailAddress`` (what ARMail
/// sends, checked strictly), this accepts whatever senders write.
public enum MailboxList {
    public struct Mailbox: Sendable, Equatable {
        public let name: String?
        public let address: String
    }

    public static func parse(_ value: String) -> [Mailbox] {
        var mailboxes: [Mailbox] = []
        for piece in splitAtCommas(value) {
            var text = piece.trimmingCharacters(in: .whitespaces)
            // A group "Team: a@x, b@y;" — drop the group name.
            if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("<"), !text[..<colon].contains("\"") {
                text = String(text[text.index(after: colon)...]).trimmingCharacters(in: CharacterSet(charactersIn: " ;"))
            }
            text = text.trimmingCharacters(in: CharacterSet(charactersIn: " ;"))
            guard !text.isEmpty else { continue }
            if let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
                let address = text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
                let name = cleanName(String(text[..<open]))
                guard !address.isEmpty else { continue }
                mailboxes.append(Mailbox(name: name, address: address))
            } else {
                var address = text
                var name: String?
                if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
                    name = cleanName(String(text[text.index(after: open)..<close]))
                    address = (String(text[..<open]) + String(text[text.index(after: close)...])).trimmingCharacters(in: .whitespaces)
                }
                guard address.contains("@") || !address.contains(" ") else { continue }
                mailboxes.append(Mailbox(name: name, address: address))
            }
        }
        return mailboxes
    }

    public static func first(in value: String) -> Mailbox? { parse(value).first }

    static func cleanName(_ raw: String) -> String? {
        var name = raw.trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("\"") { name = HeaderParameters.unquote(name) }
        name = EncodedWord.decode(name).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// Splits at commas outside quotes, angle brackets and comments.
    static func splitAtCommas(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var angle = 0
        var comment = 0
        var escaped = false
        for character in value {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "<" where !inQuotes: angle += 1
            case ">" where !inQuotes: angle = max(0, angle - 1)
            case "(" where !inQuotes: comment += 1
            case ")" where !inQuotes: comment = max(0, comment - 1)
            case "," where !inQuotes && angle == 0 && comment == 0:
                pieces.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }
}
