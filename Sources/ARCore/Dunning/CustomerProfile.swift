/// A customer's payment behaviour and the segment it puts the customer in, with the reason:
/// the evidence behind "this one gets a gentle nudge, that one an early, direct call".
public struct CustomerProfile: Sendable, Hashable {
    public var customerID: CustomerID
    public var behaviour: PaymentBehaviour
    public var promisesKept: Int
    public var promisesBroken: Int
    public var disputes: Int
    public var segment: String
    public var reason: String

    public init(customerID: CustomerID, behaviour: PaymentBehaviour, promisesKept: Int = 0, promisesBroken: Int = 0, disputes: Int = 0) {
        self.customerID = customerID
        self.behaviour = behaviour
        self.promisesKept = promisesKept
        self.promisesBroken = promisesBroken
        self.disputes = disputes
        let late = behaviour.averageDaysLate?.value ?? 0         // hundredths of a day
        let share = behaviour.lateSharePercent?.value ?? 0      // hundredths of a percent
        let facts = "\(behaviour.settledCount) settled invoices, \(behaviour.averageDaysLate?.description ?? "0.00") days late on average (spread \(behaviour.daysLateSpread?.description ?? "0.00")), \(behaviour.lateSharePercent?.description ?? "0.00")% paid late, \(promisesBroken) broken promise\(promisesBroken == 1 ? "" : "s")"
        if behaviour.settledCount < 3 {
            segment = "new"
            reason = "fewer than 3 settled invoices (\(behaviour.settledCount)): not enough history to judge"
        } else if late >= 2_000 || share >= 6_000 || promisesBroken >= 2 {
            segment = "chronic_late"
            reason = "chronically late: \(facts) (20+ days late on average, 60%+ paid late, or 2+ broken promises)"
        } else if late <= 300 && share <= 2_500 && promisesBroken == 0 {
            segment = "reliable"
            reason = "reliable: \(facts) (3 days or less on average, at most 25% paid late, no broken promise)"
        } else {
            segment = "average"
            reason = "average: \(facts)"
        }
    }
}
