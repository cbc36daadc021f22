/// One thing wrong with an input file, precise enough to fix without guessing:
/// `invoices.csv:17:6: amount '12,5' is not a decimal amount; write ...`.
public struct ImportProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// 1-based column in the source file; 0 when the problem is with the row as a whole.
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// An import that stored nothing, with every problem found (not only the first), so one round
/// of fixes is enough.
public struct ImportRejected: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let problems: [ImportProblem]
    public let hint: String

    public var description: String {
        let shown = problems.prefix(50).map(\.description)
        let more = problems.count > 50 ? ["… and \(problems.count - 50) more problems"] : []
        return (shown + more + ["\(file): nothing was imported. \(hint)"]).joined(separator: "\n")
    }
}
