import Mustache

/// The pages' escaping: the same five characters as swift-mustache's HTML content type (`<`,
/// `>`, `&`, `"`, `'`), found byte by byte over UTF-8, and a text with none of them returned
/// as it is. swift-mustache escapes character by character through a dictionary of
/// `Character`s, which was a sixth of the portal page's cost; the page templates name this
/// content type in their first tag (``PageTemplates``).
struct FastHTMLContentType: MustacheContentType {
    static let name = "ARAGENT_HTML"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&")
                                     || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
