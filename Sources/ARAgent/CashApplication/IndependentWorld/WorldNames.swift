/// Company names as the ledger spells them, and as a payer's bank writes them on a statement.
///
/// The ledger holds the legal name (`Müller Haustechnik GmbH & Co. KG`, `The Ashworth Group
/// Limited`); banks upper-case it, drop punctuation and diacritics, write `&` as `AND` or `+`,
/// drop or move `The`, shorten or spell out the legal form, abbreviate long words (`MFG`,
/// `INTL`, `SVCS`) and cut it at the rail's name field (16 for ACH, 35 for wires and SWIFT).
enum WorldNames {
    enum Region: String, CaseIterable, Sendable {
        case us, de, gb, nl, fr, es, it
        /// Share of customers per region, percent: a US company with European customers.
        static let shares: [(Region, Int)] = [(.us, 55), (.de, 14), (.gb, 10), (.nl, 7), (.fr, 7), (.es, 4), (.it, 3)]
    }

    static let surnames: [Region: [String]] = [
        .us: ["Hollister", "Fairbanks", "Okafor", "Ridgeway", "Castellano", "Whitcombe", "Delgado", "Pemberton", "Nakamura",
              "Sorensen", "Abernathy", "Kowalski", "Brennan", "Marchetti", "O'Donnell", "McAllister", "Thornbury", "Vasquez",
              "Harrington", "Quintero", "Calloway", "Everly", "Prescott", "Whitaker", "Dunmore", "Ashford", "Kessler",
              "Lowell", "Mercer", "Lindqvist"],
        .de: ["Müller", "Schäfer", "Jäger", "Weiß", "Böhm", "Köhler", "Brandt", "Hoffmann", "Krüger", "Schröder", "Lange",
              "Vogel", "Hartmann", "Zimmermann", "Brückner", "Sänger"],
        .gb: ["Ashworth", "Pilkington", "Barraclough", "Featherstone", "Hargreaves", "Greenhalgh", "Ainsworth",
              "Cavendish", "Blackwood", "Redfern"],
        .nl: ["Van der Berg", "De Vries", "Jansen", "Bakker", "Visser", "Van Dijk", "Smit", "Mulder", "De Groot", "Van Leeuwen"],
        .fr: ["Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Chevalier", "Lemaître", "Bérenger", "Duval"],
        .es: ["García", "Martínez", "Fernández", "Navarro", "Ibáñez", "Muñoz"],
        .it: ["Rossi", "Bianchi", "Esposito", "Ricci", "Colombo", "Gallo"],
    ]

    static let places = ["Riverside", "Northgate", "Westfield", "Oakridge", "Lakeview", "Brookhaven", "Millbrook", "Ashbury",
                         "Kingsport", "Elmhurst", "Fairview", "Stonebridge"]

    static let trades: [Region: [String]] = [
        .us: ["Hardware", "Fasteners", "Packaging", "Print & Design", "Office Furniture", "Industrial Supply", "Electrical",
              "Plumbing & Heating", "Veterinary Clinic", "Construction", "Machine Works", "Dental Lab", "Tool & Die",
              "Auto Parts", "Food Service", "Cleaning Services", "Medical Equipment", "Brewing", "Distribution", "Manufacturing"],
        .gb: ["Engineering", "Garden Centre", "Hotels", "Joinery", "Building Supplies", "Services", "Haulage"],
        .de: ["Maschinenbau", "Elektrotechnik", "Logistik", "Handel", "Bauunternehmung", "Druckerei", "Metallbau", "Haustechnik"],
        .nl: ["Installatietechniek", "Transport", "Bouw", "Groothandel", "Techniek"],
        .fr: ["Industries", "Distribution", "Transports", "Emballages", "Services"],
        .es: ["Distribuciones", "Industrias", "Construcciones"],
        .it: ["Costruzioni", "Forniture", "Meccanica"],
    ]

    static let forms: [Region: [String]] = [
        .us: ["Inc.", "Inc.", "LLC", "LLC", "Corp.", "Co.", "Incorporated", "L.P.", "Corporation"],
        .de: ["GmbH", "GmbH", "GmbH & Co. KG", "AG", "KG", "e.K."],
        .gb: ["Ltd", "Ltd", "Limited", "PLC", "LLP"],
        .nl: ["B.V.", "B.V.", "N.V."],
        .fr: ["S.A.", "SARL", "S.A.S."],
        .es: ["S.L.", "S.A."],
        .it: ["S.p.A.", "S.r.l."],
    ]

    /// A legal name in one of the shapes companies really have.
    static func legalName(_ region: Region, dice: inout WorldDice) -> String {
        let surname = dice.pick(surnames[region] ?? [])
        let other = dice.pick(surnames[region] ?? [])
        let trade = dice.pick(trades[region] ?? [])
        let form = dice.pick(forms[region] ?? [])
        switch dice.weighted([(0, 40), (1, 12), (2, 10), (3, 8), (4, 8), (5, 7), (6, 6), (7, 5), (8, 4)]) {
        case 0: return "\(surname) \(trade) \(form)"
        case 1: return "\(dice.pick(places)) \(trade) \(form)"
        case 2: return region == .us || region == .gb ? "The \(surname) Group \(form)" : "\(surname) Gruppe \(form)"
        case 3: return other == surname ? "\(surname) & Sons \(form)" : "\(surname) & \(other) \(form)"
        case 4: return "\(surname) Brothers \(trade) \(form)"
        case 5: return "\(surname) International \(form)"
        case 6: return "\(surname) Manufacturing Company"
        case 7:
            let letters = String((0..<3).map { _ in Character(Unicode.Scalar(UInt8(65 + dice.int(0...25)))) })
            return "\(letters) \(trade) \(form)"
        default: return "\(surname) & Associates \(form)"
        }
    }

    /// Words banks abbreviate when a name is long.
    static let abbreviations: [(String, String)] = [
        ("INTERNATIONAL", "INTL"), ("MANUFACTURING", "MFG"), ("SERVICES", "SVCS"), ("COMPANY", "CO"), ("BROTHERS", "BROS"),
        ("INDUSTRIAL", "INDL"), ("INDUSTRIES", "IND"), ("DISTRIBUTION", "DIST"), ("SUPPLY", "SUP"), ("CONSTRUCTION", "CONSTR"),
        ("ASSOCIATES", "ASSOC"), ("CORPORATION", "CORP"), ("MEDICAL", "MED"), ("EQUIPMENT", "EQUIP"), ("ENGINEERING", "ENG"),
    ]

    /// Legal forms as banks write them instead (both directions).
    static let formVariants: [(String, String)] = [
        ("INC", "INCORPORATED"), ("LTD", "LIMITED"), ("CORP", "CORPORATION"), ("CO", "COMPANY"), ("GMBH & CO KG", "GMBH U CO KG"),
        ("GMBH & CO KG", "GMBH+CO KG"), ("BV", "B V"), ("SA", "S A"), ("LLC", "L L C"), ("SPA", "S P A"), ("SARL", "S A R L"),
    ]

    static let legalFormWords: Set<String> = ["INC", "INCORPORATED", "LLC", "CORP", "CORPORATION", "CO", "LP", "GMBH", "AG", "KG",
                                              "EK", "LTD", "LIMITED", "PLC", "LLP", "BV", "NV", "SA", "SARL", "SAS", "SL", "SPA", "SRL",
                                              ""]  // "" is a word without letters: the "&" of "GmbH & Co. KG"

    /// How one payer's bank writes `legal` in a name field of `limit` characters. The habits
    /// are drawn from `dice` once per payer and bank, so the same payer looks the same every time.
    static func bankStyle(_ legal: String, limit: Int, dice: inout WorldDice) -> String {
        let transliterateGerman = dice.percent(50)
        var text = ""
        for character in legal {
            // Diacritics folded the bank's way, keeping the letter's case (`Müller` → `Mueller`).
            let folded: String?
            switch Character(String(character).lowercased()) {
            case "ä": folded = transliterateGerman ? "ae" : "a"
            case "ö": folded = transliterateGerman ? "oe" : "o"
            case "ü": folded = transliterateGerman ? "ue" : "u"
            case "ß": folded = "ss"
            case "é", "è", "ê", "ë": folded = "e"
            case "á", "à", "â": folded = "a"
            case "í", "ì", "î", "ï": folded = "i"
            case "ó", "ò", "ô": folded = "o"
            case "ú", "ù", "û": folded = "u"
            case "ñ": folded = "n"
            case "ç": folded = "c"
            default: folded = nil
            }
            if let folded { text += character.isUppercase ? folded.uppercased() : folded } else { text.append(character) }
        }
        let upper = dice.percent(90)
        if upper { text = text.uppercased() }
        if dice.percent(75) { text = String(text.filter { $0 != "." && $0 != "," }) }
        if dice.percent(60) { text = text.replacingAll("'", with: dice.percent(50) ? "" : " ") }
        switch dice.weighted([(0, 50), (1, 25), (2, 10), (3, 15)]) {
        case 1: text = text.replacingAll("&", with: upper ? "AND" : "and")
        case 2: text = text.replacingAll("&", with: "+")
        case 3: text = text.replacingAll("&", with: " ")
        default: break
        }
        var words = text.split(separator: " ").map(String.init)
        if let first = words.first, first.uppercased() == "THE" {
            switch dice.weighted([(0, 50), (1, 40), (2, 10)]) {
            case 1: words.removeFirst()
            case 2: words.append(words.removeFirst())
            default: break
            }
        }
        let formStart = words.lastIndex { !legalFormWords.contains($0.uppercased().filter { $0.isLetter }) }.map { $0 + 1 } ?? words.count
        switch dice.weighted([(0, 65), (1, 20), (2, 15)]) {
        case 1 where formStart > 0 && formStart < words.count: words.removeSubrange(formStart...)
        case 2 where formStart < words.count:
            let form = words[formStart...].joined(separator: " ")
            let key = form.uppercased().filter { $0.isLetter || $0 == " " || $0 == "&" }
            if let variant = formVariants.first(where: { $0.0 == key || $0.1 == key }) {
                let replacement = variant.0 == key ? variant.1 : variant.0
                words.replaceSubrange(formStart..., with: [upper ? replacement : replacement.titleCased()])
            }
        default: break
        }
        if dice.percent(30) || words.joined(separator: " ").count > limit {
            words = words.map { word in
                abbreviations.first { $0.0 == word.uppercased() }.map { upper ? $0.1 : $0.1.titleCased() } ?? word
            }
        }
        return String(words.joined(separator: " ").prefix(limit)).trimmingSpaces()
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }

    /// `INTL` → `Intl`: an abbreviation in a name the bank did not upper-case.
    func titleCased() -> String { prefix(1).uppercased() + dropFirst().lowercased() }

    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
