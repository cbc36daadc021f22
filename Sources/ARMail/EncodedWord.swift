import Foundation

/// RFC 2047 encoded-words (`=?UTF-8?B?...?=`): how non-ASCII text goes into a header,
/// which may carry only ASCII (a subject with "Müller" or "€", a display name in Greek).
///
/// Base64 ("B") is used rather than "Q": it is the same length for non-Latin text, needs no
/// rules about which characters may stand where, and every mail client decodes it.
public enum EncodedWord {
    /// The longest encoded-word RFC 2047 §2 allows.
    public static let maximumLength = 75
    private static let prefix = "=?UTF-8?B?"
    private static let suffix = "?="
    /// 45 bytes encode to 60 base64 characters: 10 + 60 + 2 = 72 ≤ 75.
    private static let maximumBytesPerWord = 45

    /// Encodes `text` as one or more encoded-words, each at most 75 characters, never
    /// splitting a character's UTF-8 bytes across two words (RFC 2047 §5 requires whole
    /// characters in each). Join them with folding whitespace; decoders drop it.
    public static func encode(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maximumBytesPerWord {
                words.append(word(chunk))
                chunk = []
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    /// Decodes the encoded-words in a header value (B or Q, in any charset ``MailCharset``
    /// knows; an unknown one is read as UTF-8), dropping the whitespace between adjacent
    /// encoded-words. A malformed encoded-word is left as written.
    public static func decode(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        var pendingWhitespace = ""
        var previousWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = decodeOne(rest) {
                if !previousWasEncoded { result += pendingWhitespace }
                pendingWhitespace = ""
                result += decoded
                rest = after
                previousWasEncoded = true
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingWhitespace.append(character)
            } else {
                result += pendingWhitespace
                pendingWhitespace = ""
                result.append(character)
                previousWasEncoded = false
            }
        }
        return result + pendingWhitespace
    }

    private static func word(_ bytes: [UInt8]) -> String {
        prefix + Data(bytes).base64EncodedString() + suffix
    }

    private static func decodeOne(_ text: Substring) -> (String, Substring)? {
        let body = text.dropFirst(2)
        let parts = body.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let end = parts[2].range(of: "?=") else { return nil }
        let charset = String(parts[0])
        let encoding = parts[1].uppercased()
        let payload = parts[2][..<end.lowerBound]
        guard !charset.isEmpty, !payload.contains(" ") else { return nil }
        let bytes: [UInt8]
        switch encoding {
        case "B":
            bytes = TransferEncoding.decodeBase64(Array(payload.utf8))
        case "Q":
            var decoded: [UInt8] = []
            var index = payload.utf8.startIndex
            let utf8 = payload.utf8
            while index < utf8.endIndex {
                let byte = utf8[index]
                if byte == UInt8(ascii: "_") {
                    decoded.append(0x20)
                } else if byte == UInt8(ascii: "="), utf8.distance(from: index, to: utf8.endIndex) >= 3,
                          let high = QuotedPrintable.hexValue(utf8[utf8.index(after: index)]),
                          let low = QuotedPrintable.hexValue(utf8[utf8.index(index, offsetBy: 2)]) {
                    decoded.append(high << 4 | low)
                    index = utf8.index(index, offsetBy: 2)
                } else if byte >= 0x80 {
                    // Raw 8-bit text inside an encoded-word (seen from old clients): the header was
                    // read as Latin-1/Windows-1252 then, so each such character stands for one byte.
                    let start = index
                    while index < utf8.endIndex, utf8[index] >= 0x80 { index = utf8.index(after: index) }
                    let run = String(payload[start..<index])
                    if MailCharset.normalized(charset).hasPrefix("utf") || run.unicodeScalars.contains(where: { $0.value > 0xFF }) {
                        decoded.append(contentsOf: Array(run.utf8))
                    } else {
                        decoded.append(contentsOf: run.unicodeScalars.map { UInt8($0.value) })
                    }
                    continue
                } else {
                    decoded.append(byte)
                }
                index = utf8.index(after: index)
            }
            bytes = decoded
        default:
            return nil
        }
        return (MailCharset.decode(bytes, charset: charset), parts[2][end.upperBound...])
    }
}
