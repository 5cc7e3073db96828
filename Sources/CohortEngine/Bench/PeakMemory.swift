import Foundation

/// The peak resident memory of this process since it started its program.
///
/// On Linux it is `VmHWM` of `/proc/self/status`, which counts from the process's own `exec`: a child's
/// `ru_maxrss` (from `wait4` or `getrusage`) also holds the memory of the parent it was spawned from,
/// as `posix_spawn` and `fork` run in the parent's memory until the `exec`. Elsewhere `getrusage`.
package enum PeakMemory {
    /// Bytes; 0 when the system does not say.
    package static func bytes() -> Int {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ Int($0) }) {
            return kilobytes * 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
        #else
        var usage = rusage()
        getrusage(RUSAGE_SELF, &usage)
        return usage.ru_maxrss
        #endif
    }

    /// The peak resident memory of the largest child process this process has waited for (and of their
    /// descendants that were waited for), e.g. the JVM of a Spark job: `ru_maxrss` of `RUSAGE_CHILDREN`,
    /// which may count the memory this process had when it started the child. Bytes; 0 when none ended.
    package static func childrenBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return usage.ru_maxrss * 1024
        #else
        getrusage(RUSAGE_CHILDREN, &usage)
        return usage.ru_maxrss
        #endif
    }
}
