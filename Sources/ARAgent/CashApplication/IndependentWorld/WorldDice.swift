/// The random choices of the independent world, drawn from one seeded generator so that a seed
/// is always the same world. Probabilities are integers (percent or permille): the world never
/// needs floating point, and a share written in the spec is the number written here.
struct WorldDice {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// A uniform integer in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &generator) }

    /// True with the given probability in percent.
    mutating func percent(_ chance: Int) -> Bool { int(0...99) < chance }

    /// True with the given probability in permille.
    mutating func permille(_ chance: Int) -> Bool { int(0...999) < chance }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// An item chosen with the given integer weights (any scale).
    mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = int(0...(total - 1))
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }

    /// `count` digits, the first not zero when `leadingNonZero`.
    mutating func digits(_ count: Int, leadingNonZero: Bool = false) -> String {
        var out = ""
        for index in 0..<count { out += String(index == 0 && leadingNonZero ? int(1...9) : int(0...9)) }
        return out
    }

    /// A derived generator for a sub-choice that must not shift the main sequence (a customer's
    /// fixed habits, for instance), so adding a habit does not change every later draw.
    mutating func fork() -> WorldDice { WorldDice(seed: generator.next()) }
}
