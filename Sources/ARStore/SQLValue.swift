import SQLKit

/// A value bound into a row write. Kept to the four kinds the schema uses so that rows can be
/// hashed and compared (to find what an import changes) before anything is written.
enum SQLValue: Sendable, Equatable {
    case text(String)
    case int(Int64)
    case bool(Bool)
    case null

    /// A canonical text form, for content hashes and audit diffs.
    var canonical: String? {
        switch self {
        case .text(let value): value
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: nil
        }
    }

    static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    static func optional(_ value: Int64?) -> SQLValue { value.map(SQLValue.int) ?? .null }
}

/// A 64-bit FNV-1a hash of a row's values, stored with the row so that a re-import finds the
/// rows that may have changed without reading them all back. Only a hint: a differing hash is
/// confirmed by comparing values before anything is called changed.
enum RowHash {
    static func of(_ row: [SQLValue]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        for value in row {
            switch value {
            case .null: mix(0)
            case .bool(let flag): mix(1); mix(flag ? 1 : 0)
            case .int(let number):
                mix(2)
                var bits = UInt64(bitPattern: number)
                for _ in 0..<8 { mix(UInt8(truncatingIfNeeded: bits)); bits >>= 8 }
            case .text(let text):
                mix(3)
                var copy = text
                copy.withUTF8 { for byte in $0 { mix(byte) } }
                mix(0xFF)  // UTF-8 never holds 0xFF: ends the text unambiguously
            }
        }
        return Int64(bitPattern: hash)
    }
}
