import CohortSampleData
import Foundation

// `sample-data DIR`: writes every generated sample-data file under DIR, overwriting, one line per file.
let arguments = CommandLine.arguments
guard arguments.count == 2, !arguments[1].isEmpty, !arguments[1].hasPrefix("-") else {
    FileHandle.standardError.write(Data("usage: sample-data DIR\n".utf8))
    exit(2)
}

let root = URL(fileURLWithPath: arguments[1], isDirectory: true)
for file in LumaSampleData.files() {
    let url = root.appendingPathComponent(file.path)
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file.contents.utf8).write(to: url)
    } catch {
        FileHandle.standardError.write(Data("sample-data: cannot write \(url.path): \(error.localizedDescription)\n".utf8))
        exit(1)
    }
    print("\(file.path): \(file.records) records")
}
