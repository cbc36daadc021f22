/// Finds known payers in unstructured bank text: many banks put the payer's name, account and
/// the remittance into one free text (BAI2 16/88 text without labels, camt `Ustrd` only, MT940
/// `:86:` without sub-fields), so the payer is plainly there but in no field.
///
/// Built once per ledger and looked up per line, never by scanning all customers:
/// * accounts learned from history, under their normalized form, under the last
///   ``PayerTextPolicy/accountTailDigits`` digits of their trailing digit run (an account number
///   written without its IBAN or routing prefix, or with the routing number after it), and under
///   their last four digits (a masked `****1234`);
/// * customer names and learned aliases (payer names from history), each under its rarest word
///   (and its second rarest, when that is still rare), so that a word in the text leads only to
///   the few names that word could begin to identify; the rest of the name is then looked for
///   around it, in any order, truncated words allowed.
public struct PayerTextIndex: Sendable {
    /// A name (a customer's own or an alias learned from history) and whom it identifies.
    struct NameEntry: Sendable {
        var tokens: [String]
        var characters: Int
        /// Customer → receipts (1 for a customer's own name).
        var customers: [CustomerID: Int]
        var isAlias: Bool
    }

    /// One customer the text points at, how strongly (per mille) and why.
    public struct Hit: Sendable, Hashable {
        public enum Kind: Int, Sendable, Hashable, Comparable {
            case maskedAccount = 1, accountTail = 2, name = 3, alias = 4, account = 5
            public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
        }
        public var customer: CustomerID
        public var kind: Kind
        /// For names: how much of the name the text holds (per mille). For whole accounts: 1000;
        /// for a masked one, how much of the one candidate's name the text holds (0 if none or several).
        public var similarity: Int
        /// Receipts behind a learned account or alias, and all receipts of that account or alias.
        public var receipts: Int
        public var totalReceipts: Int
        /// What was found, shown masked for accounts.
        public var found: String
    }

    private var entries: [NameEntry] = []
    /// Customer → its own name's entry, to check a candidate that an account suggests.
    private var ownName: [CustomerID: Int] = [:]
    private var anchors: [String: [Int32]] = [:]
    private var sortedAnchorWords: [String] = []
    /// Trailing digits (the last `accountTailDigits`) → normalized accounts.
    private var accountTails: [String: [String]] = [:]
    /// Last four digits → normalized accounts.
    private var accountLastFour: [String: [String]] = [:]
    private let knowledge: PayerKnowledge

    public init(customers: [Customer], knowledge: PayerKnowledge) {
        self.knowledge = knowledge
        for customer in customers {
            let name = PayerName(customer.name)
            ownName[customer.id] = entries.count
            entries.append(NameEntry(tokens: name.tokens, characters: name.tokens.reduce(0) { $0 + $1.count },
                                     customers: [customer.id: 1], isAlias: false))
        }
        for (key, paid) in knowledge.names.sorted(by: { $0.key < $1.key }) {
            let tokens = key.split(separator: " ").map(String.init)
            entries.append(NameEntry(tokens: tokens, characters: tokens.reduce(0) { $0 + $1.count }, customers: paid, isAlias: true))
        }
        var frequency: [String: Int] = [:]
        for entry in entries { for token in Set(entry.tokens) { frequency[token, default: 0] += 1 } }
        for (position, entry) in entries.enumerated() where entry.characters >= PayerTextPolicy.minimumNameCharacters {
            // Rarest first; among equally rare, the longer word (more telling), then alphabetical (deterministic).
            let ranked = Set(entry.tokens).sorted { (frequency[$0] ?? 0, -$0.count, $0) < (frequency[$1] ?? 0, -$1.count, $1) }
            guard let rarest = ranked.first else { continue }
            anchors[rarest, default: []].append(Int32(position))
            if ranked.count > 1, (frequency[ranked[1]] ?? 0) <= PayerTextPolicy.secondAnchorMaximumFrequency {
                anchors[ranked[1], default: []].append(Int32(position))
            }
        }
        sortedAnchorWords = anchors.keys.sorted()
        for account in knowledge.accounts.keys.sorted() {
            let tail = Self.trailingDigits(account)
            if tail.count >= PayerTextPolicy.accountTailDigits {
                accountTails[String(tail.suffix(PayerTextPolicy.accountTailDigits)), default: []].append(account)
            }
            let digits = account.filter(\.isNumber)
            if digits.count >= 4 { accountLastFour[String(digits.suffix(4)), default: []].append(account) }
        }
    }

    /// Every known payer the text names: the strongest hit of each kind per customer (a name and
    /// an account of one customer confirm each other, so both are kept).
    public func payers(in text: String) -> [Hit] {
        struct Key: Hashable { var customer: CustomerID; var kind: Hit.Kind }
        var best: [Key: Hit] = [:]
        func add(_ hit: Hit) {
            let key = Key(customer: hit.customer, kind: hit.kind)
            if let known = best[key], known.similarity >= hit.similarity { return }
            best[key] = hit
        }
        findAccounts(in: text, add)
        findNames(in: text, add)
        // MT940 free text breaks its lines at 65 characters, inside words and accounts alike:
        // read it once more with the lines run together.
        if text.utf8.contains(10) {
            let joined = String(decoding: text.utf8.filter { $0 != 10 && $0 != 13 }, as: UTF8.self)
            findAccounts(in: joined, add)
            findNames(in: joined, add)
        }
        return best.values.sorted { ($0.kind, $0.similarity, $1.customer) > ($1.kind, $1.similarity, $0.customer) }
    }

    // MARK: Accounts

    private func findAccounts(in text: String, _ add: (Hit) -> Void) {
        let segments = Self.segments(of: text)
        func learned(_ account: String, kind: Hit.Kind) {
            guard let paid = knowledge.accounts[account] else { return }
            let total = paid.values.reduce(0, +)
            for (customer, count) in paid {
                add(Hit(customer: customer, kind: kind, similarity: 1000, receipts: count, totalReceipts: total, found: CashMatcher.masked(account)))
            }
        }
        // Whole accounts, also written in groups ("DE89 3704 0044 …") or with dashes.
        for start in segments.indices {
            var joined = ""
            var hasDigit = false
            for position in start..<min(segments.count, start + PayerTextPolicy.maximumAccountGroups) {
                if position > start && !segments[position].joinsPrevious { break }
                joined += segments[position].text
                hasDigit = hasDigit || segments[position].text.contains(where: \.isNumber)
                guard joined.count <= PayerTextPolicy.maximumAccountLength else { break }
                if hasDigit && joined.count >= 5, knowledge.accounts[joined] != nil { learned(joined, kind: .account) }
            }
        }
        // Account numbers without their prefix, or with the routing number around them.
        for segment in segments where segment.text.count >= PayerTextPolicy.accountTailDigits && segment.text.allSatisfy(\.isNumber) {
            guard !RemittanceTokens.looksLikeDate(Substring(segment.text)) else { continue }
            for account in accountTails[String(segment.text.suffix(PayerTextPolicy.accountTailDigits))] ?? [] {
                let tail = Self.trailingDigits(account)
                if tail.hasSuffix(segment.text) || segment.text.hasSuffix(tail) { learned(account, kind: .accountTail) }
            }
        }
        // Masked: "****1234", "XXXX1234", "xx-1234", "ending 1234".
        for (position, segment) in segments.enumerated() {
            var digits: Substring?
            let word = segment.text
            let leadingX = word.prefix { $0 == "X" }
            if leadingX.count >= 2, word.count - leadingX.count == 4, word.dropFirst(leadingX.count).allSatisfy(\.isNumber) {
                digits = word.dropFirst(leadingX.count)
            } else if word.count == 4, word.allSatisfy(\.isNumber) {
                let previous = position > 0 ? segments[position - 1].text : ""
                let beforeThat = position > 1 ? segments[position - 2].text : ""
                if segment.maskedBefore || ["ENDING", "ENDS", "LAST4"].contains(previous) || (previous == "IN" && beforeThat == "ENDING") {
                    digits = Substring(word)
                }
            }
            guard let digits else { continue }
            let accounts = accountLastFour[String(digits)] ?? []
            var customers: [CustomerID: Int] = [:]
            for account in accounts { for (customer, count) in knowledge.accounts[account] ?? [:] { customers[customer, default: 0] += count } }
            let total = customers.values.reduce(0, +)
            // Four digits are shared by many accounts: the one candidate whose name the text also
            // holds is the payer (its name is checked, not searched for, so a word cut to three
            // letters still counts).
            let similarities = customers.keys.map { ($0, nameSimilarity(of: $0, in: text)) }
            let named = similarities.filter { $0.1 >= PayerTextPolicy.minimumVerifiedSimilarity }
            for (customer, count) in customers {
                let sole = named.count == 1 && named[0].0 == customer
                add(Hit(customer: customer, kind: .maskedAccount, similarity: sole ? named[0].1 : 0, receipts: sole ? total : count, totalReceipts: total,
                        found: "****\(digits)" + (sole ? " and its name" : "")))
            }
        }
    }

    /// How much of the customer's own name the whole text holds (per mille), any order, words
    /// cut to ``PayerTextPolicy/minimumVerifiedTruncation`` letters allowed.
    func nameSimilarity(of customer: CustomerID, in text: String) -> Int {
        guard let position = ownName[customer] else { return 0 }
        let entry = entries[position]
        let words = PayerName(text).tokens
        return Self.similarity(of: entry.tokens, characters: entry.characters, in: words[...], shortest: PayerTextPolicy.minimumVerifiedTruncation)
    }

    struct Segment {
        var text: String
        /// Separated from the previous segment by one space or dash only (an account in groups).
        var joinsPrevious: Bool
        /// Preceded directly by mask characters (`*`, `#`, `•`, `x` runs are inside the segment).
        var maskedBefore: Bool
    }

    /// Runs of ASCII letters and digits, upper-cased, with what separated each from the previous.
    static func segments(of text: String) -> [Segment] {
        var segments: [Segment] = []
        var current: [UInt8] = []
        var separator: [UInt8] = []
        func flush() {
            guard !current.isEmpty else { return }
            let joins = !segments.isEmpty && separator.count == 1 && (separator[0] == 32 || separator[0] == 45)
            let masked = separator.contains(42) || separator.contains(35) || separator.contains(0xE2)
            segments.append(Segment(text: String(decoding: current, as: UTF8.self), joinsPrevious: joins, maskedBefore: masked))
            current.removeAll(keepingCapacity: true)
            separator.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) {
                current.append(byte)
            } else if byte >= 97 && byte <= 122 {
                current.append(byte - 32)
            } else {
                flush()
                separator.append(byte)
            }
        }
        flush()
        return segments
    }

    static func trailingDigits(_ account: String) -> Substring {
        account[account.index(account.endIndex, offsetBy: -account.reversed().prefix(while: \.isNumber).count)...]
    }

    // MARK: Names

    private func findNames(in text: String, _ add: (Hit) -> Void) {
        let words = PayerName(text).tokens
        guard !words.isEmpty else { return }
        var tried = Set<Int32>()
        for (position, word) in words.enumerated() {
            var candidates = anchors[word] ?? []
            if word.count >= PayerTextPolicy.minimumTruncatedWord {
                for longer in anchorWords(startingWith: word) { candidates += anchors[longer] ?? [] }
            }
            guard candidates.count <= PayerTextPolicy.maximumCandidatesPerWord else { continue }
            for candidate in candidates where !tried.contains(candidate) {
                tried.insert(candidate)
                let entry = entries[Int(candidate)]
                let similarity = Self.similarity(of: entry.tokens, characters: entry.characters, around: position, in: words)
                guard similarity >= PayerTextPolicy.minimumNameSimilarity else { continue }
                let total = entry.customers.values.reduce(0, +)
                for (customer, count) in entry.customers {
                    add(Hit(customer: customer, kind: entry.isAlias ? .alias : .name, similarity: similarity, receipts: count,
                            totalReceipts: total, found: entry.tokens.joined(separator: " ")))
                }
            }
        }
    }

    /// How much of a name (per mille of its characters) the words around `position` hold: each
    /// word of the name once, in any order, written out or cut short (at least
    /// ``PayerTextPolicy/minimumTruncatedWord`` letters, counted for the letters written).
    static func similarity(of name: [String], characters: Int, around position: Int, in words: [String]) -> Int {
        let low = max(0, position - name.count - 1), high = min(words.count, position + name.count + 2)
        return similarity(of: name, characters: characters, in: words[low..<high], shortest: PayerTextPolicy.minimumTruncatedWord)
    }

    static func similarity(of name: [String], characters: Int, in words: ArraySlice<String>, shortest: Int) -> Int {
        let low = words.startIndex, high = words.endIndex
        var used = Set<Int>()
        var matched = 0
        for token in name {
            var bestIndex: Int?
            var bestLength = 0
            for index in low..<high where !used.contains(index) {
                let word = words[index]
                if word == token { bestIndex = index; bestLength = token.count; break }
                if word.count >= shortest, token.hasPrefix(word), word.count > bestLength {
                    bestIndex = index
                    bestLength = word.count
                }
            }
            if let bestIndex {
                used.insert(bestIndex)
                matched += bestLength
            }
        }
        return characters == 0 ? 0 : matched * 1000 / characters
    }

    private func anchorWords(startingWith prefix: String) -> [String] {
        var low = 0, high = sortedAnchorWords.count
        while low < high {
            let mid = (low + high) / 2
            if sortedAnchorWords[mid] < prefix { low = mid + 1 } else { high = mid }
        }
        var words: [String] = []
        while low < sortedAnchorWords.count, sortedAnchorWords[low].hasPrefix(prefix), words.count < PayerTextPolicy.maximumTruncationReadings {
            if sortedAnchorWords[low] != prefix { words.append(sortedAnchorWords[low]) }
            low += 1
        }
        return words
    }
}

/// The numbers that bound the free-text payer search, each for a reason.
public enum PayerTextPolicy {
    /// Names shorter than this (letters and digits, legal forms left out) are not looked for in
    /// free text: "AB" or "3M" occur inside too many other words and numbers.
    public static let minimumNameCharacters = 4
    /// A name is also found through its second rarest word when at most this many names share
    /// it, so that a truncated rarest word still leaves one way in.
    public static let secondAnchorMaximumFrequency = 64
    /// A word of the text that begins more names than this says nothing about who paid.
    public static let maximumCandidatesPerWord = 256
    /// A word cut by the bank's field length still counts when at least this long.
    public static let minimumTruncatedWord = 4
    /// A candidate that a masked account suggests is taken when it alone has at least this share
    /// of its name (per mille) in the text: the account already narrowed the field to a few.
    public static let minimumVerifiedSimilarity = 650
    /// A candidate's name, checked because its account matched, may have a word cut to this length.
    public static let minimumVerifiedTruncation = 3
    /// At most this many longer words are tried for a word that may have been cut.
    public static let maximumTruncationReadings = 16
    /// Share of a name (per mille of its characters) the text must hold to point at its customer.
    public static let minimumNameSimilarity = 800
    /// An account written without its prefix must still carry at least this many trailing digits:
    /// fewer meet invoice and order numbers by chance.
    public static let accountTailDigits = 8
    /// IBANs run to 34 characters, written in at most nine groups.
    public static let maximumAccountLength = 34
    public static let maximumAccountGroups = 9
}
