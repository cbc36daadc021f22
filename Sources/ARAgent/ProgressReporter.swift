/// Receives progress of long operations (imports, demo generation). The command line shows it
/// on a terminal and stays quiet otherwise; tests pass nothing.
public protocol ProgressReporter: Sendable {
    /// Starts a phase measured in `unit`s (bytes of a file, invoices generated) with `total` to do.
    func begin(phase: String, total: Int, unit: String)
    /// `done` units of the total so far, which is `rows` records.
    func advance(to done: Int, rows: Int)
    func finish()
    /// A step that reports no fraction of its own, such as writing to the database.
    func note(_ message: String)
}
