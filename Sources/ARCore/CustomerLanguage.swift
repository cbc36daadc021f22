import Foundation

/// A customer's language as `customers.csv` names it: an ISO 639-1 code, optionally with a
/// region (`de`, `de-CH`, `pt_BR`), compared by its primary subtag in lower case.
public enum CustomerLanguage {
    /// The two-letter primary subtag in lower case, or nil for nil or an empty value.
    public static func primary(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        let code = value.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        return code.isEmpty ? nil : code
    }

    /// Whether a value is a language code: two letters, optionally `-` or `_` and a region or
    /// script of two to eight letters or digits.
    public static func isValid(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false).flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        guard let first = parts.first, first.count == 2, first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

}

