/// The character classes of RFC 5322 that addresses, Message-IDs and header names are built
/// from, in one place so that every validator agrees on them.
enum MailSyntax {
    /// `atext`: the characters of an atom (RFC 5322 §3.2.3).
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// `dot-atom-text`: atoms joined by single dots, no dot at either end.
    static func isDotAtomText(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "."), last != UInt8(ascii: ".") else {
            return false
        }
        var previousWasDot = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return false }
                previousWasDot = true
            } else {
                guard isAtext(byte) else { return false }
                previousWasDot = false
            }
        }
        return true
    }

    /// A DNS host name: letters, digits and hyphens in dot-separated labels of 1–63 characters.
    static func isHostName(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
                return false
            }
            for byte in bytes {
                let ok = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                guard ok else { return false }
            }
        }
        return true
    }

    /// A header field name: printable ASCII except the colon (RFC 5322 §2.2).
    static func isFieldName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: ":") }
    }

    /// Refuses what would break a header line: CR or LF (a new header, i.e. injection) and
    /// other C0 controls and DEL. Horizontal tab is allowed.
    static func checkHeaderValue(_ value: String, header: String) throws(EmailMessageError) {
        for scalar in value.unicodeScalars {
            if scalar == "\r" || scalar == "\n" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" {
                throw .headerValueContainsLineBreak(header: header)
            }
            if (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F {
                throw .headerValueContainsControlCharacter(header: header)
            }
        }
    }

    /// True when every byte is printable ASCII, space or tab: such a value needs no encoding.
    static func isPlainASCII(_ value: String) -> Bool {
        value.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }
    }
}
