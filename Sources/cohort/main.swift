Cohort.runAndExit()
