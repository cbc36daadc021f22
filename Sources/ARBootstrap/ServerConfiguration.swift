import ARAgent
import ARCore
import Foundation

/// `aragent serve`'s typed configuration, read once at start: each value from its flag, else
/// its environment variable, else the configuration file, else the default; every value
/// checked here, so a bad setting stops the start with the flag or variable to fix.
public struct ServerConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var publicURL: URL?
    /// Hour of the day (company time zone) from which the daily cycle runs.
    public var cycleHour: Int
    /// Minutes between delivery runs (retries included).
    public var deliveryMinutes: Int
    public var timeZone: TimeZone

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    /// Early enough that reminders leave in the morning, after overnight ERP exports.
    public static let defaultCycleHour = 8
    /// Retries come back within minutes, without hammering a mail server that is down.
    public static let defaultDeliveryMinutes = 5

    public struct Flags: Sendable {
        public var host: String?, port: Int?, publicURL: String?, cycleHour: Int?, deliveryMinutes: Int?, timeZone: String?
        public init(host: String? = nil, port: Int? = nil, publicURL: String? = nil, cycleHour: Int? = nil, deliveryMinutes: Int? = nil, timeZone: String? = nil) {
            self.host = host
            self.port = port
            self.publicURL = publicURL
            self.cycleHour = cycleHour
            self.deliveryMinutes = deliveryMinutes
            self.timeZone = timeZone
        }
    }

    public static func resolve(_ flags: Flags) throws -> ServerConfiguration {
        func integer(_ flag: Int?, _ variable: String, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            let number: Int
            if let flag {
                number = flag
            } else if let text = Settings[variable] {
                guard let parsed = Int(text) else { throw ConfigurationError("\(variable) '\(text)' is not a whole number") }
                number = parsed
            } else {
                number = value
            }
            guard range.contains(number) else { throw ConfigurationError("\(name) (or \(variable)) \(number) must be \(range.lowerBound) to \(range.upperBound)") }
            return number
        }
        let host = flags.host ?? Settings["ARAGENT_SERVER_HOST"] ?? defaultHost
        let port = try integer(flags.port, "ARAGENT_SERVER_PORT", "--port", default: defaultPort, range: 0...65_535)
        let hour = try integer(flags.cycleHour, "ARAGENT_SERVER_CYCLE_HOUR", "--hour", default: defaultCycleHour, range: 0...23)
        let minutes = try integer(flags.deliveryMinutes, "ARAGENT_SERVER_DELIVERY_MINUTES", "--every", default: defaultDeliveryMinutes, range: 1...1440)
        var publicURL: URL?
        if let text = flags.publicURL ?? Settings["ARAGENT_SERVER_PUBLIC_URL"] {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigurationError("--public-url (or ARAGENT_SERVER_PUBLIC_URL) '\(text)' is not an http(s) URL such as https://ar.example.com")
            }
            publicURL = url
        }
        var zone = TimeZone.current
        if let name = flags.timeZone ?? Settings["ARAGENT_TIMEZONE"] {
            guard let found = TimeZone(identifier: name) else {
                throw ConfigurationError("unknown time zone '\(name)' (--timezone or ARAGENT_TIMEZONE); use an IANA name such as Europe/Berlin")
            }
            zone = found
        }
        return ServerConfiguration(host: host, port: port, publicURL: publicURL, cycleHour: hour, deliveryMinutes: minutes, timeZone: zone)
    }

    /// Where people sign in: the public URL's, else the address listened on.
    public func signInURL(port actual: Int) -> String {
        if let publicURL { return publicURL.absoluteString.trimmingSuffix("/") + "/login" }
        return "http://\(host):\(actual)/login"
    }
}

/// A setting that cannot work, with the flag or variable to fix.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

/// "Today" in a time zone: the edge decides it and passes it in.
public enum CompanyCalendar {
    public static func today(in zone: TimeZone, now: Date = Date()) throws -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        guard let year = parts.year, let month = parts.month, let day = parts.day, let today = CalendarDate(year: year, month: month, day: day) else {
            throw ConfigurationError("could not tell today's date in \(zone.identifier)")
        }
        return today
    }

    public static func hour(in zone: TimeZone, now: Date = Date()) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.component(.hour, from: now)
    }
}
