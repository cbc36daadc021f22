/// One piece of folded reply text, as the classifier and the date reader see it.
public struct ReplyToken: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Letters only ("bezahlt"); hyphens and apostrophes inside are dropped ("e-mail" → "email").
        case word
        /// Digits only ("20", "450").
        case number
        /// Digits with separators: a date, an amount or a reference ("15.11.2026", "1.234,56").
        case numeric
        /// Letters and digits together ("inv-2026-0042", "re12345", "2x").
        case alphanumeric
        /// A day of the month written as an ordinal ("5th", "20th", "1st").
        case ordinal
        case email
        case url
        /// A currency sign (€, $, £).
        case currencySign
        /// Punctuation that the date reader and the features use (". , ? ! : ; ( )").
        case punctuation
    }

    public let kind: Kind
    public let text: String
    /// Whether whitespace came before this token (so "20." is told from "20 .").
    public let spaceBefore: Bool

    public init(kind: Kind, text: String, spaceBefore: Bool) {
        self.kind = kind
        self.text = text
        self.spaceBefore = spaceBefore
    }

    /// The digits' value of a number or an ordinal ("20th" → 20); `nil` for other kinds or
    /// beyond ``maximumNumberDigits`` digits.
    public var numberValue: Int? {
        switch kind {
        case .number:
            return text.count <= ReplyToken.maximumNumberDigits ? Int(text) : nil
        case .ordinal:
            return Int(String(text.prefix { $0.isASCII && $0.isNumber }))
        default:
            return nil
        }
    }

    /// Longer digit runs are references or account numbers, never a count or a day.
    public static let maximumNumberDigits = 9
}

/// Splits folded reply text (``ReplyText/folded(_:)``) into ``ReplyToken``s.
public enum ReplyTokenizer {
    public static func tokens(_ folded: String) -> [ReplyToken] {
        let scalars = Array(folded.unicodeScalars)
        var tokens: [ReplyToken] = []
        tokens.reserveCapacity(scalars.count / 4)
        var index = 0
        var space = true
        @inline(__always) func isLetter(_ s: Unicode.Scalar) -> Bool {
            (s.value >= 97 && s.value <= 122) || (s.value >= 65 && s.value <= 90) || (s.value >= 0xC0 && s.properties.isAlphabetic)
        }
        @inline(__always) func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace { space = true; index += 1; continue }
            if isLetter(scalar) || isDigit(scalar) {
                let start = index
                var end = index + 1
                var cursor = index + 1
                while cursor < scalars.count {
                    let s = scalars[cursor]
                    if isLetter(s) || isDigit(s) { cursor += 1; end = cursor; continue }
                    guard cursor + 1 < scalars.count else { break }
                    let next = scalars[cursor + 1]
                    let previous = scalars[cursor - 1]
                    let joins: Bool
                    switch s {
                    case "-", "/", ".", "_", "@": joins = isLetter(next) || isDigit(next)
                    case "'": joins = isLetter(previous) && isLetter(next)
                    case ",": joins = isDigit(previous) && isDigit(next)
                    case ":": joins = cursor + 2 < scalars.count && next == "/" && scalars[cursor + 2] == "/"
                    default: joins = false
                    }
                    guard joins else { break }
                    cursor += (s == ":") ? 3 : 1
                }
                let run = String(String.UnicodeScalarView(scalars[start..<end]))
                tokens.append(classify(run, spaceBefore: space))
                space = false
                index = end
                continue
            }
            switch scalar {
            case "€", "$", "£":
                tokens.append(ReplyToken(kind: .currencySign, text: String(scalar), spaceBefore: space))
            case ".", ",", "?", "!", ":", ";", "(", ")":
                tokens.append(ReplyToken(kind: .punctuation, text: String(scalar), spaceBefore: space))
            default:
                break  // emoji, symbols, quotes: no meaning for the classifier
            }
            space = false
            index += 1
        }
        return tokens
    }

    static func classify(_ run: String, spaceBefore: Bool) -> ReplyToken {
        var letters = 0, digits = 0, separators = 0
        for s in run.unicodeScalars {
            if s.value >= 48 && s.value <= 57 { digits += 1 } else if s.properties.isAlphabetic { letters += 1 } else { separators += 1 }
        }
        if run.contains("@") { return ReplyToken(kind: .email, text: run, spaceBefore: spaceBefore) }
        if run.hasPrefix("http") || run.hasPrefix("www.") { return ReplyToken(kind: .url, text: run, spaceBefore: spaceBefore) }
        if digits == 0 {
            let word = String(run.unicodeScalars.filter { $0.properties.isAlphabetic }.map(Character.init))
            return ReplyToken(kind: .word, text: word, spaceBefore: spaceBefore)
        }
        if letters == 0 { return ReplyToken(kind: separators == 0 ? .number : .numeric, text: run, spaceBefore: spaceBefore) }
        if separators == 0, digits <= 2, ["st", "nd", "rd", "th"].contains(where: { run.hasSuffix($0) }), letters == 2 {
            return ReplyToken(kind: .ordinal, text: run, spaceBefore: spaceBefore)
        }
        return ReplyToken(kind: .alphanumeric, text: run, spaceBefore: spaceBefore)
    }
}
