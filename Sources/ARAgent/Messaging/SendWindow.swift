import Foundation

/// The hours in which messages may go out, in one time zone.
public struct SendWindow: Sendable {
    public let hours: ClosedRange<Int>
    public let businessDaysOnly: Bool
    public let timeZone: TimeZone

    public init(hours: ClosedRange<Int>, businessDaysOnly: Bool, timeZone: TimeZone) {
        self.hours = hours
        self.businessDaysOnly = businessDaysOnly
        self.timeZone = timeZone
    }

    /// `nil` when `date` is inside the window; otherwise the next moment the window opens.
    public func nextOpening(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func open(_ moment: Date) -> Bool {
            let parts = calendar.dateComponents([.hour, .weekday], from: moment)
            guard let hour = parts.hour, let weekday = parts.weekday else { return true }
            let weekend = weekday == 1 || weekday == 7
            return hours.contains(hour) && !(businessDaysOnly && weekend)
        }
        if open(date) { return nil }
        // Step to the start of each following hour; a week always holds an opening.
        guard var moment = calendar.dateInterval(of: .hour, for: date)?.end else { return nil }
        for _ in 0..<(24 * 8) {
            if open(moment) { return moment }
            moment = moment.addingTimeInterval(3_600)
        }
        return nil
    }
}
