import Foundation

/// Changes found by looking every few seconds (for file systems without inotify): an inbox file is
/// complete once its size and modification time stay the same between two looks.
public final class PollingSource: ChangeSource {
    private let root: URL
    private let interval: Double
    private let stop: StopSignal
    private var lastInbox: [String: FileStamp] = [:]
    private var lastDefinitions: [String: FileStamp] = [:]
    private var reported: [String: FileStamp] = [:]


    public init(root: URL, interval: Double, stop: StopSignal) {
        self.root = root.standardizedFileURL
        self.interval = max(0.05, interval)
        self.stop = stop
        lastInbox = inboxStamps()
        reported = lastInbox
        lastDefinitions = definitionStamps()
    }

    public func wait(timeout: Double) -> WorkspaceChanges {
        _ = stop.poll([], timeout: min(timeout, interval))
        var changes = WorkspaceChanges()
        let definitions = definitionStamps()
        if definitions != lastDefinitions {
            changes.definitions = true
            lastDefinitions = definitions
        }
        let inbox = inboxStamps()
        for (path, stamp) in inbox where WatchedPaths.isInboxFile(path) && lastInbox[path] == stamp && reported[path] != stamp {
            // Still held open by a writer that has paused: not complete yet, looked at again next time.
            if (try? DataFile(root.appendingPathComponent(path)))?.isOpenForWriting() == true { continue }
            changes.completeFiles.insert(path)
            reported[path] = stamp
        }
        lastInbox = inbox
        reported = reported.filter { inbox[$0.key] != nil }
        return changes
    }

    private func definitionStamps() -> [String: FileStamp] {
        var result: [String: FileStamp] = [:]
        for folder in WatchedPaths.definitionFolders { result.merge(stamps(below: folder)) { first, _ in first } }
        for name in ["cohort.json", "cohort.xml"] {
            if let stamp = stamp(root.appendingPathComponent(name)) { result[name] = stamp }
        }
        return result
    }

    private func stamps(below folder: String) -> [String: FileStamp] {
        let base = root.appendingPathComponent(folder)
        var result: [String: FileStamp] = [:]
        for path in (try? FileManager.default.subpathsOfDirectory(atPath: base.path)) ?? [] {
            if let stamp = stamp(base.appendingPathComponent(path)) { result["\(folder)/\(path)"] = stamp }
        }
        return result
    }

    /// Size and modification time of anything but a folder, by `lstat`: links and special files
    /// are found too (the build reports them).
    private func inboxStamps() -> [String: FileStamp] {
        let base = root.appendingPathComponent("inbox")
        var result: [String: FileStamp] = [:]
        for path in (try? FileManager.default.subpathsOfDirectory(atPath: base.path)) ?? [] {
            if let stamp = FileStamp.of(base.appendingPathComponent(path)) { result["inbox/\(path)"] = stamp }
        }
        return result
    }

    private func stamp(_ url: URL) -> FileStamp? {
        guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]),
              values.isRegularFile == true else { return nil }
        return FileStamp(size: values.fileSize ?? 0, modified: values.contentModificationDate ?? .distantPast)
    }
}
