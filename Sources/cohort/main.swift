if let reference = PQLHelp.reference(for: Array(CommandLine.arguments.dropFirst())) {
    print(reference)
} else {
    Cohort.runAndExit()
}
