/// A payer or customer name reduced to what identifies it: upper case, letters and digits,
/// legal-form suffixes and filler words dropped. Banks truncate, upper-case and abbreviate
/// names ("ACME INTERNATIONAL TRA"), so comparison is by tokens and prefixes, not equality.
public struct PayerName: Sendable, Hashable {
    public let tokens: [String]

    static let noise: Set<String> = [
        "INC", "INCORPORATED", "LLC", "LTD", "LIMITED", "GMBH", "AG", "SA", "SAS", "SARL", "BV", "NV", "PLC", "CORP",
        "CORPORATION", "CO", "COMPANY", "KG", "OHG", "SPA", "SRL", "AB", "AS", "OY", "PTY", "THE", "AND", "OF", "UND", "LP", "LLP",
        "MR", "MRS", "MS",
    ]

    public init(_ text: String) {
        var words: [String] = []
        var current = ""
        for scalar in text.uppercased().unicodeScalars {
            if (scalar.value >= 65 && scalar.value <= 90) || (scalar.value >= 48 && scalar.value <= 57) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "." || scalar == "'" {
                continue  // "S.A." and "O'Brien" read as one word
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        let meaningful = words.filter { !PayerName.noise.contains($0) }
        tokens = meaningful.isEmpty ? words : meaningful
    }

    public var key: String { tokens.joined(separator: " ") }

    /// 0…1000 (per mille): how well the names agree. Each token of the shorter name must match a token of the
    /// other exactly or as a prefix (a truncated last word); the score is the share of matched
    /// characters, so one shared common word ("TRADING") does not make two companies the same.
    public func similarity(to other: PayerName) -> Int {
        guard !tokens.isEmpty, !other.tokens.isEmpty else { return 0 }
        let (short, long) = tokens.count <= other.tokens.count ? (tokens, other.tokens) : (other.tokens, tokens)
        var used = Set<Int>()
        var matched = 0
        for (position, token) in short.enumerated() {
            let isLast = position == short.count - 1
            if let index = long.indices.first(where: { !used.contains($0) && (long[$0] == token || (isLast && token.count >= 3 && long[$0].hasPrefix(token))) }) {
                used.insert(index)
                matched += token.count
            }
        }
        let shortTotal = max(short.reduce(0) { $0 + $1.count }, 1)
        // The longer name's unmatched words count against it too, less strongly.
        let longTotal = max(long.reduce(0) { $0 + $1.count }, 1)
        return (matched * 700) / shortTotal + (matched * 300) / longTotal
    }
}
