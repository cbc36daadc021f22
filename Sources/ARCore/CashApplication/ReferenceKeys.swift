/// How strongly a piece of remittance text points at an invoice or PO number.
public enum ReferenceMatchKind: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Only the last digit group agrees ("1234" for INV-2024-01234): weak, needs the amount to agree.
    case lastGroup = 1
    /// Equal after swapping two adjacent digits: a typing error.
    case transposed = 2
    /// Equal after reading O as 0 and I or L as 1: an OCR or typing confusion.
    case ocrCorrected = 3
    /// The same digits once prefixes, separators and leading zeros are dropped.
    case digits = 4
    /// The same digit groups ("2024-1234" for INV-2024-01234).
    case digitGroups = 5
    /// The same letters and digits, ignoring case and separators.
    case exact = 6

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .exact: "written the same"
        case .digitGroups: "the same number groups"
        case .digits: "the same digits without prefix and zeros"
        case .ocrCorrected: "the same once O/0 and I/1 confusions are corrected"
        case .transposed: "the same but for two swapped digits"
        case .lastGroup: "the same sequence number only"
        }
    }
}

/// The normalized forms of a reference under which an invoice (or PO) number is indexed and
/// looked up, so that "Invoice 2024-1234", "inv202401234" and "INV-2024-01234" meet.
public struct ReferenceKeys: Sendable, Hashable {
    /// Upper-cased letters and digits: `INV202401234`.
    public let alphanumeric: String
    /// Digit groups without leading zeros, joined by `.`: `2024.1234`.
    public let digitGroups: String
    /// All digits without leading zeros: `202401234`.
    public let digits: String
    /// The last digit group without leading zeros: `1234`.
    public let lastGroup: String

    public init?(_ text: some StringProtocol) {
        // Byte by byte over UTF-8: called for every invoice when the ledger is indexed.
        var alphanumeric: [UInt8] = []
        var digits: [UInt8] = []
        var groups: [UInt8] = []
        var last: [UInt8] = []
        var inGroup = false
        var groupHasNonZero = false
        alphanumeric.reserveCapacity(16)
        for byte in text.utf8 {
            let isDigit = byte >= 48 && byte <= 57
            let isUpper = byte >= 65 && byte <= 90
            let isLower = byte >= 97 && byte <= 122
            if isDigit || isUpper { alphanumeric.append(byte) } else if isLower { alphanumeric.append(byte - 32) }
            if isDigit {
                if !inGroup {
                    if !groups.isEmpty { groups.append(UInt8(ascii: ".")) }
                    inGroup = true
                    groupHasNonZero = false
                    last.removeAll(keepingCapacity: true)
                }
                if byte != 48 || groupHasNonZero {
                    groups.append(byte)
                    last.append(byte)
                    groupHasNonZero = true
                }
                if byte != 48 || !digits.isEmpty { digits.append(byte) }
            } else if inGroup {
                if !groupHasNonZero { groups.append(48); last.append(48) }
                inGroup = false
            }
        }
        if inGroup && !groupHasNonZero { groups.append(48); last.append(48) }
        guard !alphanumeric.isEmpty, !groups.isEmpty else { return nil }
        self.alphanumeric = String(decoding: alphanumeric, as: UTF8.self)
        self.digitGroups = String(decoding: groups, as: UTF8.self)
        self.digits = digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self)
        self.lastGroup = String(decoding: last, as: UTF8.self)
    }

    static func dropLeadingZeros(_ digits: String) -> String {
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    /// The text with the common OCR confusions of letters inside numbers corrected (O→0, I/L→1,
    /// S→5, B→8), applied only to tokens that are mostly digits so that prefixes like "INV" survive.
    static func ocrCorrected(_ token: Substring) -> String? {
        let digits = token.utf8.reduce(0) { $0 + ($1 >= 48 && $1 <= 57 ? 1 : 0) }
        guard digits >= 3, digits * 2 >= token.utf8.count else { return nil }
        var changed = false
        let corrected = String(token.map { character -> Character in
            switch character {
            case "O", "o": changed = true; return "0"
            case "I", "i", "l", "L": changed = true; return "1"
            case "S", "s": changed = true; return "5"
            case "B": changed = true; return "8"
            default: return character
            }
        })
        return changed ? corrected : nil
    }

    /// Variants of a digit string with two adjacent digits swapped.
    static func transpositions(of digits: String) -> [String] {
        let characters = Array(digits)
        guard characters.count >= 4 else { return [] }
        var variants: [String] = []
        for index in 0..<(characters.count - 1) where characters[index] != characters[index + 1] {
            var copy = characters
            copy.swapAt(index, index + 1)
            variants.append(String(copy))
        }
        return variants
    }
}

/// Splits remittance text into the tokens that may be references: runs of letters and digits,
/// joined through `-`, `/`, `.` and `_` (so "INV-2024/01234" is one token), plus pairs of
/// neighbouring digit tokens written with a space ("2024 1234").
public enum RemittanceTokens {
    public static func of(_ text: String) -> [Substring] {
        // Over UTF-8 bytes: ASCII letters and digits make tokens; any non-ASCII byte counts as a
        // letter (names and words in other scripts), so a token is never cut inside a character.
        @inline(__always) func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte >= 0x80
        }
        @inline(__always) func isJoiner(_ byte: UInt8) -> Bool { byte == 45 || byte == 47 || byte == 46 || byte == 95 }
        let utf8 = text.utf8
        var tokens: [Substring] = []
        var digitOnly: [Bool] = []
        var index = utf8.startIndex
        while index < utf8.endIndex {
            guard isWordByte(utf8[index]) else { index = utf8.index(after: index); continue }
            let start = index
            var end = index
            var allDigits = true
            while index < utf8.endIndex {
                let byte = utf8[index]
                if isWordByte(byte) {
                    if !(byte >= 48 && byte <= 57) { allDigits = false }
                    index = utf8.index(after: index)
                    end = index
                } else if isJoiner(byte) {
                    let next = utf8.index(after: index)
                    // A joiner keeps the token going only if a letter or digit follows.
                    guard next < utf8.endIndex, isWordByte(utf8[next]) else { break }
                    allDigits = false
                    index = next
                } else {
                    break
                }
            }
            tokens.append(text[start..<end])
            digitOnly.append(allDigits)
        }
        // "2024 1234": two digit tokens separated by one space are also tried together; so is a
        // reference followed by digits ("INV-2026-0111 22"), which is how a number cut by a
        // record or line break (BAI2 88 continuations are joined with a space) reads.
        var pairs: [Substring] = []
        for position in tokens.indices.dropLast() where digitOnly[position + 1] {
            let first = tokens[position], second = tokens[position + 1]
            guard digitOnly[position] || first.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) else { continue }
            if utf8.distance(from: first.endIndex, to: second.startIndex) == 1 { pairs.append(text[first.startIndex..<second.endIndex]) }
        }
        return tokens + pairs
    }

    /// `2026-06-30`, `2026-6`, `30.06.2026`, `6/30/2026`, `20260630`: shapes of dates, not references.
    public static func looksLikeDate(_ token: Substring) -> Bool {
        let groups = token.split(whereSeparator: { !$0.isNumber })
        guard groups.allSatisfy({ $0.allSatisfy(\.isNumber) }), token.allSatisfy({ $0.isNumber || "-/._".contains($0) }) else { return false }
        let numbers = groups.compactMap { Int($0) }
        guard numbers.count == groups.count else { return false }
        func isYear(_ value: Int, _ text: Substring) -> Bool { text.count == 4 && (1990...2100).contains(value) }
        switch numbers.count {
        case 1:
            let text = groups[0]
            guard text.count == 8, let year = Int(text.prefix(4)), let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2)) else { return false }
            return (1990...2100).contains(year) && (1...12).contains(month) && (1...31).contains(day)
        case 2:
            return (isYear(numbers[0], groups[0]) && (1...12).contains(numbers[1]) && groups[1].count <= 2)
                || (isYear(numbers[1], groups[1]) && (1...12).contains(numbers[0]) && groups[0].count <= 2)
        case 3:
            if isYear(numbers[0], groups[0]) { return (1...12).contains(numbers[1]) && (1...31).contains(numbers[2]) }
            if isYear(numbers[2], groups[2]) { return (1...31).contains(numbers[0]) && (1...31).contains(numbers[1]) && groups[0].count <= 2 && groups[1].count <= 2 }
            return false
        default:
            return false
        }
    }
}
