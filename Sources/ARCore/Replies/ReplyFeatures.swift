/// The features of a reply: word unigrams and bigrams over class tokens (an invoice number is
/// `#ref`, an amount `#amt`, a date `#date`), and character 3- to 5-grams inside words, which
/// carry typos, inflections and German compounds ("zahlungserinnerung"). Each is a 64-bit
/// FNV-1a hash with a weight; the model maps hashes to rows through its vocabulary.
public enum ReplyFeatures {
    /// How much a word, a word pair and a character n-gram count. Words carry meaning, pairs
    /// carry negation and phrases ("not received", "nicht erhalten"); the many n-grams are only
    /// a fallback for words the corpus spells otherwise, so each counts least.
    public static let unigramWeight: Int32 = 3
    public static let bigramWeight: Int32 = 3
    public static let characterGramWeight: Int32 = 1
    /// Character n-gram lengths.
    public static let characterGramLengths = 3...5
    /// Words longer than this are cut before n-grams are taken (a pasted hash or a URL would
    /// add hundreds of features that mean nothing).
    public static let longestWordForGrams = 24
    /// At most this many tokens of a reply are read: a reply is a few lines; a pasted statement or
    /// a huge forwarded thread must not cost more than the message deserves.
    public static let maximumTokens = 600

    public struct Feature: Sendable, Hashable {
        public let hash: UInt64
        public let weight: Int32
    }

    /// The class-token stream of a tokenised reply: what unigrams and bigrams are made of.
    public static func terms(_ tokens: [ReplyToken]) -> [String] {
        var terms: [String] = []
        terms.reserveCapacity(min(tokens.count, maximumTokens))
        for (index, token) in tokens.prefix(maximumTokens).enumerated() {
            let previousIsCurrency = index > 0 && PromiseDateReader.isCurrency(tokens[index - 1])
            let nextIsCurrency = index + 1 < tokens.count && PromiseDateReader.isCurrency(tokens[index + 1])
            switch token.kind {
            case .word: terms.append(token.text)
            case .number:
                if previousIsCurrency || nextIsCurrency { terms.append("#amt") } else if token.text.count >= 5 { terms.append("#ref") } else { terms.append("#num") }
            case .numeric:
                if previousIsCurrency || nextIsCurrency || ReplyFacts.looksLikeAmount(token.text) { terms.append("#amt") }
                else if RemittanceTokens.looksLikeDate(token.text[...]) || PromiseDateReader.numericDate(token.text, messageDate: referenceDay, german: false) != nil { terms.append("#date") }
                else { terms.append("#ref") }
            case .alphanumeric:
                terms.append(token.text.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }.count >= 3 ? "#ref" : token.text)
            case .ordinal: terms.append("#ord")
            case .email: terms.append("#email")
            case .url: terms.append("#url")
            case .currencySign: terms.append("#cur")
            case .punctuation:
                if token.text == "?" || token.text == "!" { terms.append(token.text) }
            }
        }
        return terms
    }

    /// Any day serves to ask whether a token has the shape of a date.
    static let referenceDay = CalendarDate(year: 2026, month: 1, day: 1)!

    public static func of(_ tokens: [ReplyToken]) -> [Feature] {
        let terms = terms(tokens)
        var features: [Feature] = []
        features.reserveCapacity(terms.count * 12)
        var previous = "^"
        var word: [UInt8] = []
        word.reserveCapacity(longestWordForGrams * 4 + 2)
        for term in terms {
            features.append(Feature(hash: hash(term, seed: 1), weight: unigramWeight))
            features.append(Feature(hash: hash(previous, term, seed: 2), weight: bigramWeight))
            previous = term
            guard !term.hasPrefix("#") else { continue }
            // "<word>" as bytes, hashed in place: this loop makes most of a reply's features.
            word.removeAll(keepingCapacity: true)
            word.append(UInt8(ascii: "<"))
            word.append(contentsOf: term.prefix(longestWordForGrams).utf8)
            word.append(UInt8(ascii: ">"))
            word.withUnsafeBufferPointer { bytes in
                for length in characterGramLengths where bytes.count >= length {
                    let seeded = fnvOffset ^ (UInt64(10 + length) &* 0x9E37_79B9_7F4A_7C15)
                    // The whole word is already a unigram.
                    for start in 0...(bytes.count - length) where !(start == 0 && length == bytes.count) {
                        var h = seeded
                        for index in start..<(start + length) { h = (h ^ UInt64(bytes[index])) &* fnvPrime }
                        features.append(Feature(hash: h, weight: characterGramWeight))
                    }
                }
            }
        }
        features.append(Feature(hash: hash(previous, "$", seed: 2), weight: bigramWeight))
        // Each feature once, weights of repeats added: a word said twice counts a little more.
        features.sort { $0.hash < $1.hash }
        var merged: [Feature] = []
        merged.reserveCapacity(features.count)
        for feature in features {
            if let last = merged.last, last.hash == feature.hash {
                merged[merged.count - 1] = Feature(hash: last.hash, weight: min(last.weight + 1, last.weight * 2))
            } else {
                merged.append(feature)
            }
        }
        return merged
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x100_0000_01b3

    static func hash(_ bytes: some Sequence<UInt8>, seed: UInt64) -> UInt64 {
        var h = fnvOffset ^ (seed &* 0x9E37_79B9_7F4A_7C15)
        for byte in bytes { h = (h ^ UInt64(byte)) &* fnvPrime }
        return h
    }

    static func hash(_ text: String, seed: UInt64) -> UInt64 { hash(text.utf8, seed: seed) }

    static func hash(_ first: String, _ second: String, seed: UInt64) -> UInt64 {
        var h = hash(first.utf8, seed: seed)
        h = (h ^ 0x20) &* fnvPrime
        for byte in second.utf8 { h = (h ^ UInt64(byte)) &* fnvPrime }
        return h
    }
}
