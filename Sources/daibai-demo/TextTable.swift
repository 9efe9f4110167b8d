import DaiBaiCore

/// Renders rows as an aligned text table for the terminal.
enum TextTable {
    /// `columns` and `rows` as aligned lines, with a header rule; cells are cut at `maxWidth`.
    static func render(columns: [String], rows: [[String]], maxWidth: Int = 40) -> String {
        let cut = { (text: String) -> String in
            let flat = text.replacingOccurrences(of: "\n", with: " ")
            return flat.count > maxWidth ? String(flat.prefix(maxWidth - 1)) + "…" : flat
        }
        let header = columns.map(cut)
        let body = rows.map { $0.map(cut) }
        var widths = header.map(\.count)
        for row in body {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let width = index < widths.count ? widths[index] : cell.count
                return cell.padding(toLength: width, withPad: " ", startingAt: 0)
            }.joined(separator: " | ").trimmingTrailingSpaces()
        }
        var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")]
        lines += body.map(line)
        return lines.joined(separator: "\n")
    }

    /// A query result as an aligned table, with a note when rows were cut.
    static func render(_ result: QueryResult) -> String {
        var text = render(columns: result.columns, rows: result.rows.map { $0.map { $0.textValue ?? "NULL" } })
        text += "\n(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s")\(result.truncated ? ", more rows were cut" : ""))"
        return text
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
