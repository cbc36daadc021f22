import Foundation

/// RFC 3834 automatic responses (vacation and out-of-office notices, autoresponders): the
/// header fields that mark them, and their subjects in the languages customers write.
public enum AutoReply {
    /// Subjects (lower-case fragments) of automatic replies.
    static let subjectFragments = [
        "out of office", "out of the office", "auto reply", "autoreply", "auto-reply", "automatic reply",
        "auto response", "autoresponse", "auto-response", "automatic response", "away from", "away until",
        "on vacation", "vacation reply", "abwesenheit", "automatische antwort", "nicht im büro", "außer haus",
        "réponse automatique", "absence", "absent du bureau", "respuesta automática", "fuera de la oficina",
        "risposta automatica", "fuori sede", "fuori ufficio", "automatisch antwoord", "afwezig", "autosvar",
        "fravær", "frånvaro", "resposta automática", "ausente", "автоответ", "автоматический ответ", "不在",
        "自動応答", "自动回复", "odpowiedź automatyczna", "poza biurem",
    ]

    public static func isAutoReply(_ headers: MailHeaders) -> Bool {
        if let submitted = headers["Auto-Submitted"]?.lowercased(), !submitted.hasPrefix("no") { return true }
        for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply", "X-Mail-Autoreply", "X-Vacation"]
            where headers[name] != nil {
            return true
        }
        if let precedence = headers["Precedence"]?.lowercased(), precedence.contains("auto_reply") || precedence.contains("auto-reply") {
            return true
        }
        return headers.text("Subject").map(hasAutoReplySubject) ?? false
    }

    /// A subject that names an automatic reply, unless the message is itself a person's reply
    /// or forward ("Re: out of office next week?").
    static func hasAutoReplySubject(_ subject: String) -> Bool {
        let lower = subject.lowercased().trimmingCharacters(in: .whitespaces)
        if replyPrefixes.contains(where: { lower.hasPrefix($0) }) { return false }
        return subjectFragments.contains { lower.contains($0) }
    }

    /// Prefixes people's replies and forwards carry, in the languages of `subjectFragments`.
    static let replyPrefixes = ["re:", "re :", "aw:", "fw:", "fwd:", "wg:", "tr:", "rv:", "sv:", "vs:", "r:", "odp:", "ответ:"]
}
