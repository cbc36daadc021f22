/// Why a delivery failed, read from the MTA's wording when it gives no DSN status, and the
/// status that stands for it. The statuses are the `X.0.9NN` codes sisimai uses for such
/// reasons (class, subject 0 "other or undefined", a detail above RFC 3463's range): they
/// keep the reason recoverable from the status alone and never pretend to be a code the
/// remote server sent.
public enum BounceReason: String, Sendable, CaseIterable {
    case userUnknown, hostUnknown, mailboxFull, messageTooBig, expired, blocked, filtered, rejected,
         suspended, systemError, contentError, securityError

    /// The detail number of the reason's pseudo status.
    var detail: Int {
        switch self {
        case .userUnknown: 911
        case .hostUnknown: 912
        case .rejected: 918
        case .filtered: 921
        case .mailboxFull: 922
        case .messageTooBig: 934
        case .systemError: 935
        case .expired: 947
        case .contentError: 960
        case .securityError: 970
        case .blocked: 971
        case .suspended: 990
        }
    }

    /// Phrases (lower-case) that say the reason, checked in this order.
    static let phrases: [(BounceReason, [String])] = [
        (.messageTooBig, ["size limit exceeded", "message too large", "message size exceeds", "message is too large",
                          "too big", "exceeds the maximum size", "message size limit"]),
        (.mailboxFull, ["mailbox full", "mailbox is full", "quota exceeded", "over quota", "exceeded storage",
                        "insufficient storage", "mailbox size limit", "user is over", "disk quota"]),
        (.userUnknown, ["user unknown", "unknown user", "no such user", "user not found", "mailbox not found",
                        "does not exist", "not listed", "no valid recipient", "invalid recipient", "recipient unknown",
                        "unknown recipient", "invalid user", "no mailbox", "not a valid mailbox", "no such mailbox",
                        "invalid address", "address rejected", "unknown address", "mailbox unavailable"]),
        (.hostUnknown, ["host unknown", "host not found", "domain not found", "no such domain", "unrouteable",
                        "host or domain name not found", "name or service not known", "unknown host"]),
        (.expired, ["retry timeout exceeded", "retry time", "delivery time expired", "timed out", "too long in queue",
                    "expired", "has been delayed", "could not be delivered within"]),
        (.suspended, ["suspended", "account disabled", "inactive", "deactivated"]),
        (.blocked, ["blocked", "blacklist", "blocklist", "spamhaus", "listed at", "rbl", "reputation"]),
        (.securityError, ["authentication", "dmarc", "spf", "dkim"]),
        (.contentError, ["content rejected", "contains a virus", "malware", "attachment not allowed"]),
        (.filtered, ["filtered", "rejected by", "policy", "not accepted", "denied"]),
        (.systemError, ["system error", "internal error", "local error", "server error"]),
    ]

    public static func reason(in text: String) -> BounceReason? {
        let lower = text.lowercased()
        return phrases.first { $0.1.contains { lower.contains($0) } }?.0
    }

    /// The status for a failure whose report gives none: the reason's pseudo status when the
    /// wording says one, else the class of the SMTP reply code (`5.0.0`, `4.0.0`).
    public static func pseudoStatus(for text: String, smtpCode: String?, temporary: Bool) -> String {
        let failureClass = smtpCode?.first == "4" || temporary ? "4" : "5"
        guard let reason = reason(in: text) else { return "\(failureClass).0.0" }
        let reasonClass = reason == .expired ? "4" : failureClass
        return "\(reasonClass).0.\(reason.detail)"
    }
}
