import Foundation

/// Writes one exchange table's file of a batch (`ExchangeExport`): the CSV header record or the
/// JSON array's opening, then the rows, buffered; `finish` ends the file, fsyncs and closes it.
final class TableFileWriter {
    let table: ExchangeTable
    let format: ExchangeExport.Format
    let path: String
    private let handle: FileHandle
    private var buffer = Data()
    private var rows = 0

    /// Creates `<directory>/<table>.<format>` (and `directory`, if missing).
    init(table: ExchangeTable, format: ExchangeExport.Format, directory: String) throws(ExportError) {
        self.table = table
        self.format = format
        path = "\(directory)/\(table.name).\(format.rawValue)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ExportError(.unwritableDirectory, "cannot create the batch directory", rule: "export directory 导出目录: writable", path: directory, underlying: error)
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ExportError(.io, "cannot create the file (\(String(cString: strerror(errno))))", rule: "export directory 导出目录: writable", path: path)
        }
        self.handle = handle
        switch format {
        case .csv: buffer.append(contentsOf: CSVField.record(table.columnNames).utf8)
        case .json: buffer.append(contentsOf: "[".utf8)
        }
    }

    /// Appends one row, values in `table.columns` order.
    func append(_ values: [ExchangeValue]) throws(ExportError) {
        switch format {
        case .csv:
            buffer.append(contentsOf: CSVField.record(values.map(\.csvText)).utf8)
        case .json:
            let members = zip(table.columnNames, values).map { "\(ExchangeValue.jsonString($0)):\($1.jsonText)" }
            buffer.append(contentsOf: ((rows == 0 ? "\n{" : ",\n{") + members.joined(separator: ",") + "}").utf8)
        }
        rows += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Ends the file, writes it out and fsyncs it.
    func finish() throws(ExportError) {
        if format == .json { buffer.append(contentsOf: (rows == 0 ? "]\n" : "\n]\n").utf8) }
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw ExportError(.io, "cannot fsync the file", rule: "export durability 导出落盘", path: path, underlying: error)
        }
    }

    private func flush() throws(ExportError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ExportError(.io, "cannot write the file", rule: "export directory 导出目录: writable", path: path, underlying: error)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
