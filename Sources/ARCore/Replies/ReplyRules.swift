/// Strong signals that the wording alone settles, added to the model's scores: an automatic
/// reply says so (RFC 3834's "Auto-Submitted" rarely survives forwarding, but the wording does),
/// and "already paid" with a date or a reference is a payment claim whatever else the reply says.
/// A rule adds ``boostPermille`` of the model's score scale to its label rather than overriding
/// the model, so a reply that merely mentions an absence ("sorry, I was out of office; we pay
/// Friday") can still be a promise.
public enum ReplyRules {
    /// How much a matched rule adds, in thousandths of ``ReplyModel/scoreScale``: a little more
    /// than an average winning margin, so a rule decides a close call but not a clear one.
    public static let boostPermille: Int64 = 1_200

    /// Subject prefixes of automatic replies (Outlook, Gmail, Exchange in English and German).
    static let autoReplySubjects = ["automatic reply", "auto reply", "autoreply", "auto-reply", "automatische antwort", "abwesenheitsnotiz",
                                    "out of office", "out of the office", "abwesend", "auto:", "automatic response", "autom. antwort", "abwesenheit"]
    static let autoReplyPhrases = [
        "out of office", "out of the office", "abwesenheitsnotiz", "automatic reply", "automatische antwort", "auto-reply", "autoreply",
        "this is an automatic", "this is an automated", "automatically generated", "automatisch generiert", "automatisch erstellt",
        "i am currently out", "i'm currently out", "im currently out", "i am away", "i am on leave", "on annual leave", "on parental leave", "on vacation until",
        "ich bin derzeit nicht", "ich bin bis", "bin ich nicht im buero", "nicht im buero", "ausser haus", "im urlaub", "in urlaub", "keinen zugriff auf meine e-mails",
        "mit eingeschraenktem zugriff", "limited access to email", "limited access to my email", "will respond upon my return", "nach meiner rueckkehr",
        "do not reply to this", "bitte antworten sie nicht", "noreply", "no-reply", "ticket has been created", "ticket number", "ihre anfrage ist eingegangen",
        "we have received your email", "we have received your message", "thank you for your email. this mailbox", "diese mailbox wird nicht",
    ]
    static let alreadyPaidPhrases = [
        "already paid", "already been paid", "already settled", "already transferred", "already made the payment", "was paid on", "were paid on",
        "paid it on", "payment was made", "payment has been made", "we paid", "i paid", "has been paid", "have been paid", "was settled",
        "bereits bezahlt", "schon bezahlt", "bereits ueberwiesen", "schon ueberwiesen", "bereits beglichen", "bereits am", "wurde am", "haben am",
        "ist bezahlt", "wurde bezahlt", "wurde beglichen", "wurde ueberwiesen", "ausgeglichen", "remittance advice", "zahlungsavis", "proof of payment", "zahlungsnachweis",
    ]
    /// Words in a reply that promise a future payment: they cancel the "already paid" rule
    /// ("we paid the first one and will pay the rest on Friday").
    static let futureWords = ["will pay", "will be paid", "will transfer", "werden", "wird", "will settle", "going to pay", "plan to", "schedule", "kann erst", "can only pay"]

    /// Boosts in thousandths of the score scale, per label index.
    public static func boosts(visibleFolded text: String, subjectFolded subject: String?) -> [Int64] {
        var boosts = [Int64](repeating: 0, count: ReplyLabel.allCases.count)
        // Searched as UTF-8 bytes: the phrases are ASCII, and the string searcher of the standard
        // library was half of a reply's classification time.
        let bytes = Array(text.utf8)
        func has(_ phrases: [[UInt8]]) -> Bool { phrases.contains { contains(bytes, $0) } }
        let autoSubject = subject.map { subject in autoReplySubjects.contains { subject.hasPrefix($0) || subject.contains($0 + ":") } } ?? false
        if autoSubject { boosts[ReplyLabel.autoReply.index] += 2 * boostPermille }
        if has(autoReplyBytes) { boosts[ReplyLabel.autoReply.index] += boostPermille }
        if has(alreadyPaidBytes), !has(futureBytes) {
            boosts[ReplyLabel.alreadyPaid.index] += boostPermille / 2
        }
        return boosts
    }

    static let autoReplyBytes = autoReplyPhrases.map { Array($0.utf8) }
    static let alreadyPaidBytes = alreadyPaidPhrases.map { Array($0.utf8) }
    static let futureBytes = futureWords.map { Array($0.utf8) }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var start = 0
                let last = h.count - n.count
                while start <= last {
                    if h[start] == first {
                        var matched = 1
                        while matched < n.count && h[start + matched] == n[matched] { matched += 1 }
                        if matched == n.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
