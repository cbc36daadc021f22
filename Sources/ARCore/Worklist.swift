/// The collector's worklist: customers with overdue money, ranked by what to do first.
///
/// The rank is the amount overdue weighted by how likely the customer is to pay it later still,
/// which the payment profile says (the share of settled invoices paid late), raised for key
/// accounts and for broken promises. Every entry carries the reason for its place, in words a
/// collector can check against the customer page.
public struct WorklistEntry: Sendable, Hashable {
    public var customerID: CustomerID
    public var name: String
    public var currency: Currency
    public var overdue: Money
    /// The oldest aging bucket that holds overdue money.
    public var oldestBucket: AgingBucket
    public var segment: String
    public var owner: String?
    public var isKeyAccount: Bool
    public var brokenPromises: Int
    /// How likely further delay is, in basis points (10,000 = certain).
    public var likelihoodBasisPoints: Int64
    /// Overdue minor units × likelihood × weight: only its order matters.
    public var score: Int128
    public var reason: String
}

/// The numbers that decide the worklist's order; each is a documented constant, so a rank can be
/// explained and a change to it reviewed.
public enum WorklistRules {
    /// A customer with fewer than 3 settled invoices has no profile to judge by: even odds.
    public static let unknownLikelihoodBasisPoints: Int64 = 5_000
    /// Even a customer who always paid on time has now let an invoice go overdue: never below 10%.
    public static let minimumLikelihoodBasisPoints: Int64 = 1_000
    /// A key account's overdue money weighs half again as much (losing it costs more than the debt).
    public static let keyAccountWeightPercent: Int64 = 150
    /// Each broken promise adds half the weight again, up to three times the weight in all.
    public static let brokenPromiseWeightPercent: Int64 = 50
    public static let maximumWeightPercent: Int64 = 300
    /// Settled invoices needed before the late share counts (as for the planner's segments).
    public static let minimumSettledInvoices = 3
}

public enum Worklist {
    /// Ranks the overdue rows of `aging` (one per customer and currency), highest score first;
    /// ties by overdue amount, then customer id, so the order is stable.
    public static func rank(aging: AgingReport, customers: [CustomerID: Customer], profiles: [CustomerID: CustomerProfile]) -> [WorklistEntry] {
        var entries: [WorklistEntry] = []
        for row in aging.customers where row.row.overdueMinorUnits > 0 {
            let customer = customers[row.customerID]
            let profile = profiles[row.customerID]
            let behaviour = profile?.behaviour ?? PaymentBehaviour(customerID: row.customerID)
            let known = behaviour.settledCount >= WorklistRules.minimumSettledInvoices
            let likelihood = known
                ? max(WorklistRules.minimumLikelihoodBasisPoints, behaviour.lateSharePercent?.value ?? 0)
                : WorklistRules.unknownLikelihoodBasisPoints
            let key = customer?.isKeyAccount ?? false
            let broken = profile?.promisesBroken ?? 0
            var weight: Int64 = key ? WorklistRules.keyAccountWeightPercent : 100
            weight += Int64(min(broken, 10)) * WorklistRules.brokenPromiseWeightPercent
            weight = min(weight, WorklistRules.maximumWeightPercent)
            let oldest = AgingBucket.allCases.last { $0 != .notDue && row.row[$0].minorUnits > 0 } ?? .days1to30
            let overdue = row.row.overdue
            var why = ["\(overdue) overdue, the oldest \(oldest.title.lowercased())"]
            if known {
                why.append("paid \(behaviour.lateSharePercent?.description ?? "0.00")% of \(behaviour.settledCount) invoices late"
                           + (likelihood == WorklistRules.minimumLikelihoodBasisPoints && (behaviour.lateSharePercent?.value ?? 0) < likelihood ? " (counted as 10%)" : ""))
            } else {
                why.append("only \(behaviour.settledCount) settled invoice\(behaviour.settledCount == 1 ? "" : "s"): counted as even odds")
            }
            if key { why.append("key account (×1.5)") }
            if broken > 0 { why.append("\(broken) broken promise\(broken == 1 ? "" : "s") (+\(broken * 50)%)") }
            entries.append(WorklistEntry(
                customerID: row.customerID, name: row.name, currency: row.row.currency, overdue: overdue, oldestBucket: oldest,
                segment: profile?.segment ?? "new", owner: customer?.accountOwner, isKeyAccount: key, brokenPromises: broken,
                likelihoodBasisPoints: likelihood, score: Int128(overdue.minorUnits) * Int128(likelihood) * Int128(weight),
                reason: why.joined(separator: "; ")))
        }
        return entries.sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.overdue.minorUnits != $1.overdue.minorUnits { return $0.overdue.minorUnits > $1.overdue.minorUnits }
            return $0.customerID.rawValue < $1.customerID.rawValue
        }
    }
}
