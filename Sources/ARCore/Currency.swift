/// An ISO 4217 currency: its three-letter code and how many minor-unit digits it has.
///
/// The minor-unit digits decide how a decimal amount maps onto the integer minor units that
/// ``Money`` stores (JPY has none, USD two, KWD three), so a currency is only ever created
/// from a code this table knows: an unknown code is an input error, never a silent default.
public struct Currency: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let code: String
    public let minorUnitDigits: Int

    /// Looks the code up in ISO 4217 (case-insensitive); `nil` when it is not an active code.
    public init?(code: String) {
        let upper = code.uppercased()
        guard upper.utf8.count == 3, let digits = Currency.minorUnits[upper] else { return nil }
        self.code = upper
        self.minorUnitDigits = digits
    }

    public var description: String { code }

    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.code < rhs.code }

    /// Ten to the power of the minor-unit digits: how many minor units make one major unit.
    public var minorUnitsPerMajor: Int64 {
        var factor: Int64 = 1
        for _ in 0..<minorUnitDigits { factor *= 10 }
        return factor
    }

    public static let usd = Currency(uncheckedCode: "USD", digits: 2)
    public static let eur = Currency(uncheckedCode: "EUR", digits: 2)

    private init(uncheckedCode: String, digits: Int) {
        self.code = uncheckedCode
        self.minorUnitDigits = digits
    }

    /// Active ISO 4217 codes whose minor unit is not two digits.
    private static let exceptions: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
        "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
        "CLF": 4, "UYW": 4,
    ]

    /// Active ISO 4217 codes with two minor-unit digits.
    private static let twoDigitCodes: [String] = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN
        BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP
        GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK
        LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK
        NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD
        SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG
        YER ZAR ZMW ZWG ZWL
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    private static let minorUnits: [String: Int] = {
        var table = exceptions
        for code in twoDigitCodes { table[code] = 2 }
        return table
    }()
}
