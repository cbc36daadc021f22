/// An HTML body as plain text, for a message that has no text/plain part: tags dropped,
/// `script`, `style`, `head` and comments dropped with their content, character references
/// decoded, and a line break for each block element (p, div, br, li, tr, headings, ...).
public enum HTMLText {
    /// Elements that start and end a line of text.
    static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "hr", "dd", "dt", "dl", "section", "article", "header", "footer",
        "address", "center", "form", "title",
    ]
    /// Elements whose content is not text for a reader.
    static let hiddenElements: Set<String> = ["script", "style", "head", "title", "xml"]

    public static func text(fromHTML html: String) -> String {
        // Scalars, not a String: appending and looking at the last one stay O(1) on large bodies.
        var output: [Unicode.Scalar] = []
        var scalars = Substring(html).unicodeScalars[...]
        var skipping: String?
        var pendingSpace = false
        var inPre = 0
        func appendBreak() {
            while output.last == " " { output.removeLast() }
            output.append("\n")
            pendingSpace = false
        }
        while let scalar = scalars.first {
            if scalar == "<" {
                scalars.removeFirst()
                if scalars.starts(with: "!--".unicodeScalars) {
                    if let end = find("-->", in: scalars) { scalars = scalars[end...].dropFirst(3) } else { scalars = scalars[scalars.endIndex...] }
                    continue
                }
                guard let close = scalars.firstIndex(of: ">") else { break }
                let tag = String(String.UnicodeScalarView(scalars[..<close]))
                scalars = scalars[scalars.index(after: close)...]
                let isEnd = tag.hasPrefix("/")
                let name = tag.drop(while: { $0 == "/" || $0 == "!" })
                    .prefix(while: { $0.isLetter || $0.isNumber || $0 == ":" }).lowercased()
                if let hidden = skipping {
                    if isEnd && name == hidden { skipping = nil }
                    continue
                }
                if !isEnd && hiddenElements.contains(name) && !tag.hasSuffix("/") {
                    skipping = name
                    continue
                }
                if name == "pre" { inPre += isEnd ? -1 : 1 }
                if blockElements.contains(name) {
                    if name == "br" || output.last != "\n" || name == "p" { appendBreak() }
                } else if name == "td" || name == "th" {
                    pendingSpace = true
                }
                continue
            }
            scalars.removeFirst()
            if skipping != nil { continue }
            if scalar == "&" {
                let (decoded, rest) = entity(scalars)
                scalars = rest
                if pendingSpace && !output.isEmpty && output.last != "\n" { output.append(" ") }
                pendingSpace = false
                output.append(contentsOf: decoded.unicodeScalars)
                continue
            }
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                if inPre > 0 {
                    if scalar != "\r" { output.append(scalar) }
                } else {
                    pendingSpace = true
                }
                continue
            }
            if pendingSpace && !output.isEmpty && output.last != "\n" { output.append(" ") }
            pendingSpace = false
            output.append(scalar)
        }
        // At most one empty line in a row; no spaces at line ends.
        var lines: [String] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            var slice = line[...]
            while let last = slice.last, last == " " || last == "\u{A0}" { slice = slice.dropLast() }
            while slice.first == " " { slice = slice.dropFirst() }
            if slice.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(String(String.UnicodeScalarView(slice)))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func find(_ needle: String, in haystack: Substring.UnicodeScalarView.SubSequence) -> Substring.UnicodeScalarView.Index? {
        let pattern = Array(needle.unicodeScalars)
        var index = haystack.startIndex
        while index < haystack.endIndex {
            if haystack[index...].starts(with: pattern) { return index }
            index = haystack.index(after: index)
        }
        return nil
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "sect": "§", "deg": "°", "middot": "·",
        "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "bull": "•", "laquo": "«", "raquo": "»", "trade": "™", "times": "×", "shy": "",
        "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "aacute": "á", "agrave": "à", "acirc": "â",
        "iacute": "í", "oacute": "ó", "uacute": "ú", "ccedil": "ç", "ntilde": "ñ", "Eacute": "É",
        "aring": "å", "Aring": "Å", "oslash": "ø", "Oslash": "Ø", "aelig": "æ", "AElig": "Æ",
    ]

    /// Decodes the character reference after an `&`; an unknown one is kept as written.
    private static func entity(_ scalars: Substring.UnicodeScalarView.SubSequence) -> (String, Substring.UnicodeScalarView.SubSequence) {
        var name = ""
        var index = scalars.startIndex
        while index < scalars.endIndex, name.unicodeScalars.count < 12 {
            let scalar = scalars[index]
            if scalar == ";" {
                let rest = scalars[scalars.index(after: index)...]
                if let decoded = decodeReference(name) { return (decoded, rest) }
                return ("&", scalars)
            }
            guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "#" else { break }
            name.unicodeScalars.append(scalar)
            index = scalars.index(after: index)
        }
        if let decoded = decodeReference(name), !name.isEmpty { return (decoded, scalars[index...]) }
        return ("&", scalars)
    }

    private static func decodeReference(_ name: String) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return value == 0xA0 ? " " : String(scalar)
        }
        return namedEntities[name]
    }
}
