import ARCore

/// What a file held, validated and ready to store; nothing has been written yet.
public struct ParsedImport: Sendable {
    public enum Records: Sendable {
        case customers([Customer])
        case invoices([Invoice], customerNames: [CustomerID: String])
        case history([HistoricalReceipt])
    }

    public var records: Records
    /// The source line of each record, in the same order, for problems found later (unknown customers).
    public var lines: [Int]
    /// Data rows read (blank lines and footers excluded).
    public var rowsRead: Int
    /// Rows deliberately not imported, by reason: filtered by the mapping, merged line items,
    /// or invalid rows under `--skip-invalid`. Reported, never silent.
    public var skipped: [String: Int]
    /// Problems in rows that `--skip-invalid` skipped.
    public var skippedProblems: [ImportProblem]
    /// The 1-based source column of each of our fields (by name), 0 when the field is absent or a
    /// mapped constant: problems found after parsing (unknown references) point at the column.
    public var columns: [String: Int] = [:]

    public var count: Int { lines.count }

    /// Takes the records at `indices` out (rows that turned out invalid once the ledger was
    /// asked), counting them as skipped with their problems, as `--skip-invalid` reports them.
    public mutating func skip(_ indices: Set<Int>, problems: [ImportProblem]) {
        guard !indices.isEmpty else { return }
        func keep<T>(_ values: [T]) -> [T] { values.enumerated().filter { !indices.contains($0.offset) }.map(\.element) }
        switch records {
        case .customers(let customers): records = .customers(keep(customers))
        case .invoices(let invoices, let names): records = .invoices(keep(invoices), customerNames: names)
        case .history(let receipts): records = .history(keep(receipts))
        }
        lines = keep(lines)
        skipped["invalid rows (--skip-invalid)", default: 0] += indices.count
        skippedProblems += problems
    }
}

/// Options of one import run.
public struct ImportOptions: Sendable {
    public var mapping: ColumnMapping
    public var skipInvalid: Bool
    public var ignoreUnknownColumns: Bool
    /// Used for customers' credit limits and revenue when their row has no currency.
    public var defaultCurrency: Currency
    /// The file's text encoding (`--encoding`): UTF-8 unless the user names another.
    public var encoding: CSVEncoding

    public init(mapping: ColumnMapping = .canonical, skipInvalid: Bool = false, ignoreUnknownColumns: Bool = false,
                defaultCurrency: Currency = .usd, encoding: CSVEncoding = .utf8) {
        self.mapping = mapping
        self.skipInvalid = skipInvalid
        self.ignoreUnknownColumns = ignoreUnknownColumns
        self.defaultCurrency = defaultCurrency
        self.encoding = encoding
    }
}

/// Reads a CSV file of one kind into validated records: the text itself (UTF-8 or the named
/// encoding, no NUL, no stray byte-order mark), header resolution through the mapping, row
/// filters, the number of fields in each row, per-field checks, duplicates, and cycles in the
/// customer hierarchy. All problems are collected; with any problem and no `skipInvalid`, the
/// whole file is rejected.
public struct ImportParser: Sendable {
    public let kind: ImportKind
    public let options: ImportOptions

    public init(kind: ImportKind, options: ImportOptions) {
        self.kind = kind
        self.options = options
    }

    public func parse(bytes: [UInt8], file: String, progress: (any ProgressReporter)? = nil) throws -> ParsedImport {
        let (text, unassigned) = options.encoding.utf8(bytes)
        let reader = CSVReader(bytes: text)
        let stripped = text.count - reader.bytes.count
        // Bad bytes by offset, in file order; each record takes those that fall inside it.
        let byteProblems = CSVTextCheck.problems(reader.bytes, encoding: options.encoding, unassigned: unassigned.map { $0 - stripped })
            .sorted { $0.offset < $1.offset }
        var nextByteProblem = 0
        let mapping = options.mapping
        let fieldNames = kind.fields.map(\.name)
        let decoders = RecordDecoders(defaultCurrency: options.defaultCurrency)

        var header: [String]?
        var sources: [ResolvedSource] = []
        var filterColumns: (keep: Int?, skip: Int?, stop: Int?) = (nil, nil, nil)
        var headerProblems: [ImportProblem] = []
        var rowsBeforeHeader = 0

        var customers: [Customer] = []
        var invoices: [Invoice] = []
        var receipts: [HistoricalReceipt] = []
        var customerNames: [CustomerID: String] = [:]
        var lines: [Int] = []
        var firstLineOfKey: [String: (line: Int, index: Int)] = [:]
        var skipped: [String: Int] = [:]
        var problems: [ImportProblem] = []
        var rowsRead = 0
        let estimate = max(1, bytes.count / 70)
        switch kind {
        case .customers: customers.reserveCapacity(estimate)
        case .invoices: invoices.reserveCapacity(estimate)
        case .history: receipts.reserveCapacity(estimate)
        }
        lines.reserveCapacity(estimate)
        firstLineOfKey.reserveCapacity(estimate)
        progress?.begin(phase: "reading \(file)", total: bytes.count, unit: "bytes")

        /// Whether a row with this key is new. A repeat is merged away when the mapping says rows
        /// repeat per line item and the values agree; otherwise it is a problem.
        func admit(key: String, line: Int, row: RowView, keyField: Int, isSame: (Int) -> Bool) throws(ImportProblem) -> Bool {
            guard let first = firstLineOfKey[key] else { return true }
            if mapping.mergeRepeatedRows && isSame(first.index) {
                skipped["repeated rows of the same \(kind.keyField) merged", default: 0] += 1
                return false
            }
            let what = mapping.mergeRepeatedRows ? "repeats it with different values" : "appears again"
            throw row.problem(keyField, "\(kind.keyField) '\(key)' \(what) (first at line \(first.line)); each \(kind.keyField) must be unique in a file")
        }


        /// The problems of the bad bytes inside `record`: the first of each row, with a count of the rest.
        func textProblems(_ record: CSVRecord) -> [ImportProblem] {
            var found: [CSVByteProblem] = []
            while nextByteProblem < byteProblems.count && byteProblems[nextByteProblem].offset < record.endOffset {
                found.append(byteProblems[nextByteProblem])
                nextByteProblem += 1
            }
            guard let first = found.first else { return [] }
            let (line, column) = record.location(ofByte: first.offset)
            let more = found.count > 1 ? " (and \(found.count - 1) more such bytes in this row)" : ""
            return [ImportProblem(file: file, line: line, column: column, message: first.message + more)]
        }

        do {
            try reader.forEachRecord { record, offset in
                if record.isBlank { return true }
                let badText = textProblems(record)
                guard let header else {
                    let names = (0..<record.count).map { record.string($0) }
                    // A header with a bad byte is never matched (a NUL inside "amount" would read as
                    // an unknown column): say what is wrong with it. Title rows above a header that
                    // is searched for are not data, so their bytes are let be.
                    if !badText.isEmpty && !mapping.findHeaderRow {
                        headerProblems = badText
                        return false
                    }
                    switch resolve(header: names, line: record.line, file: file) {
                    case .success(let resolved):
                        if !badText.isEmpty {
                            headerProblems = badText
                            return false
                        }
                        header = names
                        sources = resolved.sources
                        filterColumns = resolved.filters
                    case .failure(let failure):
                        if mapping.findHeaderRow && rowsBeforeHeader < 30 {
                            rowsBeforeHeader += 1
                            return true
                        }
                        headerProblems = failure.problems
                        return false
                    }
                    return true
                }
                if let stop = filterColumns.stop, let condition = mapping.stopAtRowWhere,
                   condition.values.contains(record.string(stop).trimmingCharacters(in: " \t")) {
                    return false
                }
                // A bad byte means the wrong encoding or a damaged file, wherever the row is.
                if !badText.isEmpty {
                    rowsRead += 1
                    problems += badText
                    return options.skipInvalid || problems.count < 1000
                }
                // A short row would leave its last fields empty (clearing, say, a customer's email on
                // re-import); a long one would drop values: both are errors, never padded or cut.
                if record.count != header.count {
                    rowsRead += 1
                    let fields = "has \(record.count) field\(record.count == 1 ? "" : "s") but the header has \(header.count)"
                    let what = record.count < header.count
                        ? "\(fields); a short row would clear the missing fields. Add the missing commas (empty fields) or fix the row"
                        : "\(fields); quote fields that contain commas, or remove the extra ones"
                    problems.append(ImportProblem(file: file, line: record.line, column: min(record.count, header.count) + 1, message: "the row \(what)"))
                    return options.skipInvalid || problems.count < 1000
                }
                if let keep = filterColumns.keep, let condition = mapping.keepRowsWhere {
                    let value = record.string(keep).trimmingCharacters(in: " \t")
                    if !condition.values.contains(value) {
                        skipped["\(condition.column) '\(value)' is not \(condition.values.sorted().joined(separator: " or "))", default: 0] += 1
                        return true
                    }
                }
                if let skip = filterColumns.skip, let condition = mapping.skipRowsWhere {
                    let value = record.string(skip).trimmingCharacters(in: " \t")
                    if condition.values.contains(value) {
                        skipped["\(condition.column) is '\(value)'", default: 0] += 1
                        return true
                    }
                }
                rowsRead += 1
                if rowsRead & 0x3FFF == 0 { progress?.advance(to: offset, rows: rowsRead) }
                let row = RowView(file: file, record: record, sources: sources, fieldNames: fieldNames, mapping: mapping)
                do {
                    let key: String
                    switch kind {
                    case .customers:
                        let customer = try decoders.customer(row)
                        key = customer.id.rawValue
                        if try !admit(key: key, line: record.line, row: row, keyField: 0, isSame: { customers[$0] == customer }) { return true }
                        customers.append(customer)
                    case .invoices:
                        let (invoice, name) = try decoders.invoice(row)
                        key = invoice.number.rawValue
                        if try !admit(key: key, line: record.line, row: row, keyField: 0, isSame: { invoices[$0] == invoice }) { return true }
                        invoices.append(invoice)
                        if let name, customerNames[invoice.customerID] == nil { customerNames[invoice.customerID] = name }
                    case .history:
                        let receipt = try decoders.receipt(row)
                        key = receipt.payment.id.rawValue
                        if try !admit(key: key, line: record.line, row: row, keyField: 0, isSame: { receipts[$0] == receipt }) { return true }
                        receipts.append(receipt)
                    }
                    firstLineOfKey[key] = (record.line, lines.count)
                    lines.append(record.line)
                } catch let problem as ImportProblem {
                    problems.append(problem)
                    if !options.skipInvalid && problems.count >= 1000 { return false }
                }
                return true
            }
        } catch let syntax as CSVSyntaxError {
            throw ImportRejected(
                file: file, problems: [ImportProblem(file: file, line: syntax.line, column: syntax.column, message: syntax.message)],
                hint: "Fix the quoting and import again.")
        }
        progress?.finish()

        if !headerProblems.isEmpty {
            throw ImportRejected(file: file, problems: headerProblems, hint: "Fix the header (or pass --map) and import again.")
        }
        if header == nil {
            throw ImportRejected(file: file, problems: [ImportProblem(file: file, line: 1, column: 0, message: "the file has no header row")],
                                 hint: "Add the header row of CONTRACTS.md and import again.")
        }
        var columns: [String: Int] = [:]
        for (name, source) in zip(fieldNames, sources) {
            if case .column(let index, _) = source { columns[name] = index + 1 } else { columns[name] = 0 }
        }
        // Cycles within the file (a customer naming itself is caught per row).
        var cycleRows = Set<Int>()
        var cycleProblems: [ImportProblem] = []
        if kind == .customers {
            var parentOf: [CustomerID: CustomerID] = [:]
            var indexOf: [CustomerID: Int] = [:]
            for (index, customer) in customers.enumerated() {
                indexOf[customer.id] = index
                if let parent = customer.parentID { parentOf[customer.id] = parent }
            }
            for cycle in ParentCycles.find(parentOf) {
                for member in cycle {
                    guard let index = indexOf[member], let parent = parentOf[member] else { continue }
                    cycleRows.insert(index)
                    cycleProblems.append(ParentCycles.problem(file: file, line: lines[index], column: columns["parent_customer_id"] ?? 0,
                                                              customer: member, parent: parent, cycle: cycle))
                }
            }
        }
        if !(problems.isEmpty && cycleProblems.isEmpty) && !options.skipInvalid {
            throw ImportRejected(file: file, problems: (problems + cycleProblems).sorted { ($0.line, $0.column) < ($1.line, $1.column) },
                                 hint: "Fix the rows above and import again, or pass --skip-invalid to import the valid rows and skip these.")
        }
        if !problems.isEmpty { skipped["invalid rows (--skip-invalid)", default: 0] += problems.count }

        let records: ParsedImport.Records
        switch kind {
        case .customers: records = .customers(customers)
        case .invoices: records = .invoices(invoices, customerNames: customerNames)
        case .history: records = .history(receipts)
        }
        var parsed = ParsedImport(records: records, lines: lines, rowsRead: rowsRead, skipped: skipped, skippedProblems: problems, columns: columns)
        parsed.skip(cycleRows, problems: cycleProblems)
        return parsed
    }

    private struct HeaderFailure: Error { let problems: [ImportProblem] }

    /// Matches the header against the mapping: every required field found, no column left
    /// unexplained unless the user allows it.
    private func resolve(header: [String], line: Int, file: String)
        -> Result<(sources: [ResolvedSource], filters: (keep: Int?, skip: Int?, stop: Int?)), HeaderFailure>
    {
        let mapping = options.mapping
        let normalized = header.map { ColumnName.normalize($0) }
        var indexOf: [String: Int] = [:]
        for (index, name) in normalized.enumerated() where indexOf[name] == nil { indexOf[name] = index }
        var problems: [ImportProblem] = []
        var used = Set<Int>()
        var sources: [ResolvedSource] = []
        for field in kind.fields {
            let source = mapping.sources[field.name] ?? .column(field.name)
            switch source {
            case .constant(let value):
                sources.append(.constant(Array(value.utf8)))
            case .column(let name):
                if let index = indexOf[ColumnName.normalize(name)] {
                    sources.append(.column(index: index, header: header[index]))
                    used.insert(index)
                } else {
                    sources.append(.absent)
                    if field.isRequired {
                        let mapped = mapping.sources[field.name] == nil ? "" : " (mapped to '\(name)')"
                        problems.append(ImportProblem(file: file, line: line, column: 0,
                            message: "required column '\(field.name)'\(mapped) is missing from the header; the header has: \(header.joined(separator: ", "))"))
                    }
                }
            }
        }
        func filterColumn(_ condition: ColumnMapping.RowCondition?) -> Int? {
            guard let condition else { return nil }
            guard let index = indexOf[ColumnName.normalize(condition.column)] else { return nil }
            used.insert(index)
            return index
        }
        let filters = (filterColumn(mapping.keepRowsWhere), filterColumn(mapping.skipRowsWhere), filterColumn(mapping.stopAtRowWhere))
        if !(options.ignoreUnknownColumns || mapping.ignoreUnknownColumns) {
            for (index, name) in normalized.enumerated() where !used.contains(index) && !mapping.ignoredColumns.contains(name) {
                // A second column of the same name as a used one is still unknown: say so.
                problems.append(ImportProblem(file: file, line: line, column: index + 1,
                    message: "unknown column '\(header[index])'; the \(kind.rawValue) columns are \(kind.fields.map(\.name).joined(separator: ", ")). Rename it, map it with --map, or pass --ignore-unknown-columns"))
            }
        }
        return problems.isEmpty ? .success((sources, filters)) : .failure(HeaderFailure(problems: problems))
    }
}
