import ARCore

/// Cycles in the customer hierarchy (`parent_customer_id`). A parent pays for its subsidiaries
/// and rolls their balances up, so a customer that is its own ancestor (A → B → A, or A → A)
/// would make every walk up the hierarchy endless: it is an input error, named in full.
enum ParentCycles {
    /// Every cycle once, each as its members in parent order starting from the smallest id
    /// (`[C1, C2, C3]` for C1 → C2 → C3 → C1), the cycles sorted by that first id.
    static func find(_ parentOf: [CustomerID: CustomerID]) -> [[CustomerID]] {
        var done = Set<CustomerID>()
        var cycles: [[CustomerID]] = []
        for start in parentOf.keys.sorted() where !done.contains(start) {
            var path: [CustomerID] = []
            var position: [CustomerID: Int] = [:]
            var current: CustomerID? = start
            while let node = current, !done.contains(node) {
                if let seen = position[node] {
                    let cycle = Array(path[seen...])
                    let first = cycle.indices.min { cycle[$0] < cycle[$1] } ?? 0
                    cycles.append(Array(cycle[first...] + cycle[..<first]))
                    break
                }
                position[node] = path.count
                path.append(node)
                current = parentOf[node]
            }
            done.formUnion(path)
        }
        return cycles.sorted { $0[0] < $1[0] }
    }

    /// The problem reported at the row of each member of a cycle.
    static func problem(file: String, line: Int, column: Int, customer: CustomerID, parent: CustomerID, cycle: [CustomerID]) -> ImportProblem {
        ImportProblem(file: file, line: line, column: column,
                      message: "parent_customer_id '\(parent)' of '\(customer)' makes a cycle \(describe(cycle)); a customer cannot be a subsidiary of its own subsidiary: clear or correct one of these parents")
    }

    /// `C1 → C2 → C3 → C1`.
    static func describe(_ cycle: [CustomerID]) -> String {
        (cycle + cycle.prefix(1)).map(\.rawValue).joined(separator: " → ")
    }
}
