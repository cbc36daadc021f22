/// The text encoding of an input CSV file. Files are UTF-8 unless the user names another
/// encoding (`--encoding latin1`): bytes that are not UTF-8 are an error, never guessed at, so
/// that `Müller` is never stored as `M\u{FFFD}ller` beside a correct `Müller`.
public enum CSVEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    /// ISO 8859-1: every byte is the code point of the same value.
    case latin1
    /// Windows-1252: ISO 8859-1 with printable characters (€, „, “ …) at 0x80–0x9F.
    case windows1252 = "windows-1252"

    /// Accepts the usual spellings: `utf8`, `UTF-8`, `latin-1`, `iso-8859-1`, `cp1252`, `windows1252`.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
        case "windows-1252", "windows1252", "cp1252", "cp-1252": self = .windows1252
        default: return nil
        }
    }

    /// The bytes as UTF-8, with the output offsets of bytes that have no character in this
    /// encoding (Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D unassigned).
    func utf8(_ bytes: [UInt8]) -> (bytes: [UInt8], unassigned: [Int]) {
        guard self != .utf8 else { return (bytes, []) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var unassigned: [Int] = []
        for byte in bytes {
            if byte < 0x80 { out.append(byte); continue }
            var scalar = UInt32(byte)
            if self == .windows1252 && byte < 0xA0 {
                let mapped = CSVEncoding.windows1252C1[Int(byte - 0x80)]
                if mapped == 0 { unassigned.append(out.count) } else { scalar = UInt32(mapped) }
            }
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return (out, unassigned)
    }

    /// Windows-1252 at 0x80–0x9F; 0 where the code page assigns nothing.
    private static let windows1252C1: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}

/// A byte that must not be in a CSV file's text, by its offset in the (UTF-8) bytes.
struct CSVByteProblem: Sendable, Equatable {
    let offset: Int
    let message: String
}

/// Finds what would be stored wrongly if it were let through: NUL bytes (a binary or UTF-16
/// file), bytes that are not UTF-8, and a byte-order mark anywhere but the very start (two files
/// joined: the second file's first key would become a twin such as `\u{FEFF}C1`).
///
/// One pass over the file, eight bytes at a time while they are plain ASCII with no NUL, so a
/// clean 70 MB export costs a few milliseconds. Returns the problems in file order, at most
/// `limit` of them.
enum CSVTextCheck {
    static func problems(_ bytes: [UInt8], encoding: CSVEncoding, unassigned: [Int], limit: Int = 1000) -> [CSVByteProblem] {
        var problems: [CSVByteProblem] = unassigned.prefix(limit).map {
            CSVByteProblem(offset: $0, message: "a byte with no character in \(encoding.rawValue) is in the field; check the file's encoding (--encoding)")
        }
        let advice = encoding == .utf8
            ? "save the file as UTF-8, or name its encoding with --encoding latin1 or --encoding windows-1252"
            : "the file is not \(encoding.rawValue) text"
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            guard let base = buffer.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            var index = 0
            while index < count && problems.count < limit {
                // Fast path: eight ASCII bytes, none of them zero.
                if index + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                    if word & 0x8080_8080_8080_8080 == 0 && hasZero == 0 { index += 8; continue }
                }
                let lead = buffer[index]
                if lead == 0 {
                    problems.append(CSVByteProblem(offset: index, message: "a NUL byte (0x00) is in the field; the file is binary or UTF-16: save it as UTF-8 text"))
                    index += 1
                    continue
                }
                if lead < 0x80 { index += 1; continue }
                let length = validSequenceLength(buffer, at: index)
                guard length > 0 else {
                    let shown = (index..<min(count, index + 4)).map { "0x" + String(buffer[$0], radix: 16, uppercase: true) }.joined(separator: " ")
                    problems.append(CSVByteProblem(offset: index, message: "the bytes \(shown) are not UTF-8; \(advice)"))
                    index += 1
                    // Skip the continuation bytes of the same broken sequence: one problem per sequence.
                    while index < count && buffer[index] & 0xC0 == 0x80 { index += 1 }
                    continue
                }
                if length == 3 && lead == 0xEF && buffer[index + 1] == 0xBB && buffer[index + 2] == 0xBF {
                    problems.append(CSVByteProblem(offset: index, message: "a byte-order mark (U+FEFF) is inside the file, not at its start (were two files joined?); remove it"))
                }
                index += length
            }
        }
        return problems
    }

    /// The length of the well-formed UTF-8 sequence at `index` (no overlong forms, no surrogates,
    /// nothing above U+10FFFF), or 0 when it is not one.
    private static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return 0 }
        return length
    }
}
