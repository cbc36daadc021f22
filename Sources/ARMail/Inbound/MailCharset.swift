import Foundation

/// Text in the charset a MIME part or an encoded-word names, turned into a `String`.
///
/// Foundation on Linux decodes the common charsets of mail through its CoreFoundation
/// encodings (by their CFStringEncoding number); whatever it cannot decode, or a charset
/// nobody has heard of, is read as UTF-8 with U+FFFD for the bytes that are not, so that a
/// customer's reply is never lost for a mislabelled charset.
public enum MailCharset {
    /// Decodes `bytes` in `charset` (a MIME charset name, any case); `nil` means US-ASCII,
    /// which in practice is UTF-8 or Latin-1 unlabelled.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        let name = normalized(charset)
        switch name {
        case "utf-8", "utf8", "us-ascii", "ascii", "":
            return lenientUTF8(Array(bytes))
        case "iso-8859-1", "latin1", "latin-1", "l1", "iso8859-1", "iso_8859-1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            if let encoding = foundationEncoding(name),
               let text = String(data: Data(bytes), encoding: encoding) {
                return text
            }
            return lenientUTF8(Array(bytes))
        }
    }

    /// UTF-8 when the bytes are valid UTF-8; otherwise Windows-1252 (a superset of Latin-1 in
    /// its printable range), the usual truth about unlabelled 8-bit mail.
    static func lenientUTF8(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let text = String(data: Data(bytes), encoding: .windowsCP1252) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func normalized(_ charset: String?) -> String {
        guard let charset else { return "" }
        var name = charset.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        // RFC 2231 §5 allows a language after the charset: "utf-8*en".
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        return name.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }

    /// The CFStringEncoding numbers (Foundation's `0x8000_0000 | n` raw values) of the
    /// charsets mail uses.
    private static func foundationEncoding(_ name: String) -> String.Encoding? {
        var compact = name.replacingOccurrences(of: "_", with: "-")
        if compact.hasPrefix("iso8859") { compact = "iso-8859" + compact.dropFirst("iso8859".count) }
        if compact.hasPrefix("iso-8859-"), let part = Int(compact.dropFirst("iso-8859-".count)), (1...16).contains(part) {
            return cf(0x0200 + UInt(part))
        }
        for prefix in ["windows-", "cp", "win-", "x-cp"] where compact.hasPrefix(prefix) {
            if let page = Int(compact.dropFirst(prefix.count)), (1250...1258).contains(page) {
                if page == 1252 { return .windowsCP1252 }
                return cf(page < 1252 ? 0x0501 + UInt(page - 1250) : 0x0503 + UInt(page - 1253))
            }
        }
        switch compact {
        case "koi8-r": return cf(0x0A02)
        case "koi8-u": return cf(0x0A08)
        case "big5", "big-5", "cn-big5", "x-x-big5": return cf(0x0A03)
        case "gb2312", "euc-cn", "x-euc-cn", "gb-2312": return cf(0x0930)
        case "gbk", "cp936", "x-gbk": return cf(0x0631)
        case "gb18030": return cf(0x0632)
        case "shift-jis", "sjis", "x-sjis", "ms-kanji", "windows-31j", "cp932": return .shiftJIS
        case "iso-2022-jp": return .iso2022JP
        case "euc-jp", "x-euc-jp": return cf(0x0920)
        case "euc-kr", "ks-c-5601-1987", "ks-c-5601", "korean": return cf(0x0940)
        case "utf-16": return .utf16
        case "utf-16be": return .utf16BigEndian
        case "utf-16le": return .utf16LittleEndian
        case "macintosh", "mac", "x-mac-roman": return .macOSRoman
        default: return nil
        }
    }

    private static func cf(_ value: UInt) -> String.Encoding { String.Encoding(rawValue: 0x8000_0000 | value) }
}
