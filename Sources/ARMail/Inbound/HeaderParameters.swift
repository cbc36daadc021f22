import Foundation

/// A structured MIME field such as Content-Type or Content-Disposition: a value
/// (`text/plain`, `attachment`) and parameters, with RFC 2231 continuations
/// (`name*0=`, `name*1=`) and charsets (`name*=utf-8''%E2%82%AC`) resolved, and RFC 2047
/// encoded-words decoded in quoted values as many clients write them.
public struct HeaderParameters: Sendable, Equatable {
    /// The value before the first `;`, lower-cased.
    public let value: String
    /// Parameters by lower-cased name, decoded.
    public let parameters: [String: String]

    public subscript(_ name: String) -> String? { parameters[name.lowercased()] }

    public init(_ text: String) {
        let pieces = Self.splitOutsideQuotes(text)
        value = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        // Raw parameters: name → [(section, isExtended, value)].
        var sections: [String: [(section: Int, extended: Bool, value: String)]] = [:]
        var plain: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let raw = Self.unquote(piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            guard !name.isEmpty else { continue }
            var extended = false
            if name.hasSuffix("*") {
                extended = true
                name.removeLast()
            }
            if let star = name.firstIndex(of: "*"), let section = Int(name[name.index(after: star)...]) {
                sections[String(name[..<star]), default: []].append((section, extended, raw))
            } else if extended {
                sections[name, default: []].append((0, true, raw))
            } else if plain[name] == nil {
                plain[name] = raw
            }
        }
        var result: [String: String] = [:]
        for (name, value) in plain { result[name] = EncodedWord.decode(value) }
        for (name, parts) in sections {
            let ordered = parts.sorted { $0.section < $1.section }
            var charset: String?
            var bytes: [UInt8] = []
            for (position, part) in ordered.enumerated() {
                var text = Substring(part.value)
                if part.extended {
                    if position == 0 {
                        // charset'language'value (RFC 2231 §4).
                        let quoteParts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if quoteParts.count == 3 {
                            charset = quoteParts[0].isEmpty ? nil : String(quoteParts[0])
                            text = quoteParts[2]
                        }
                    }
                    bytes.append(contentsOf: Self.percentDecoded(text))
                } else {
                    bytes.append(contentsOf: Array(text.utf8))
                }
            }
            result[name] = MailCharset.decode(bytes, charset: charset)
        }
        parameters = result
    }

    /// Splits at `;` outside double quotes.
    static func splitOutsideQuotes(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var inQuotes = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                pieces.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        pieces.append(text[start...])
        return pieces
    }

    static func unquote(_ text: String) -> String {
        guard text.hasPrefix("\""), text.count >= 2 else { return text }
        var result = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func percentDecoded(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = QuotedPrintable.hexValue(utf8[index + 1]), let low = QuotedPrintable.hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return bytes
    }
}
