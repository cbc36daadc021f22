/// Reply text made comparable: lower case, accents folded, German umlauts and ß written out
/// (so "Müller", "Mueller" and "MÜLLER" meet), typographic quotes and dashes made plain.
public enum ReplyText {
    /// The folded form of `text`. Umlauts become their two-letter spelling (ä → ae, ß → ss),
    /// because German writers without a German keyboard type them that way; other Latin accents
    /// are dropped (é → e). Everything else is lower-cased scalar by scalar.
    public static func folded(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if value >= 65 && value <= 90 { out.append(Unicode.Scalar(value + 32)!) } else { out.append(scalar) }
                continue
            }
            if let replacement = foldTable[value] {
                out.append(contentsOf: replacement.unicodeScalars)
                continue
            }
            // Combining marks (a decomposed "é" is "e" + U+0301) carry no meaning here, except a
            // decomposed umlaut (a + U+0308), which is spelled out like the composed one.
            if (0x0300...0x036F).contains(value) {
                if value == combiningDiaeresis, let last = out.last, "aou".unicodeScalars.contains(last) { out.append("e") }
                continue
            }
            for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
        }
        return String(out)
    }

    /// Letters and signs with a plain spelling.
    static let foldTable: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let pairs: [(String, String)] = [
            ("äÄ", "ae"), ("öÖ", "oe"), ("üÜ", "ue"), ("ß", "ss"), ("ẞ", "ss"),
            ("àáâãåÀÁÂÃÅāĀ", "a"), ("æÆ", "ae"), ("çÇčČćĆ", "c"), ("èéêëÈÉÊËēĒęĘěĚ", "e"), ("ìíîïÌÍÎÏ", "i"),
            ("ñÑńŃ", "n"), ("òóôõøÒÓÔÕØ", "o"), ("œŒ", "oe"), ("ùúûÙÚÛůŮ", "u"), ("ýÿÝ", "y"), ("šŠśŚ", "s"),
            ("žŽźŹżŻ", "z"), ("łŁ", "l"), ("ř", "r"),
            ("‘’‚‛′", "'"), ("“”„‟«»″", "\""), ("‐‑‒–—―", "-"), ("\u{00A0}\u{2007}\u{202F}\u{2009}", " "), ("…", "..."),
        ]
        for (letters, spelling) in pairs {
            for scalar in letters.unicodeScalars { table[scalar.value] = spelling }
        }
        return table
    }()

    /// U+0308: a decomposed umlaut's second scalar; ``folded(_:)`` turns "a" + U+0308 into "ae".
    static let combiningDiaeresis: UInt32 = 0x0308
}
