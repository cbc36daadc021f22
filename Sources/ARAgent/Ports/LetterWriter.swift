/// A letter on its way to the printer: a printable HTML page.
public struct OutgoingLetter: Sendable, Hashable {
    /// Stable per action: writing the same letter again replaces the page, never adds a second.
    public var key: String
    public var html: String

    public init(key: String, html: String) {
        self.key = key
        self.html = html
    }
}

/// The letter channel: pages written where a person prints and posts them.
public protocol LetterWriter: Sendable {
    /// Writes the page and returns where it is. Throws `SendFailure` (a folder that cannot be
    /// written is `.configuration`).
    func write(_ letter: OutgoingLetter) async throws -> String
}
